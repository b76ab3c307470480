package org.latchkey.fuzz;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the fuzzer aims at: credentials (live, dead and malformed Authorization headers), and the
 * names and ids that exist on the server (tokens, users, organisations, repositories, packages,
 * commits), so that requests reach the code behind authentication and lookups, not just 401 and 404.
 * The live credentials are replaced when fuzzing revokes or signs them out.
 */
final class Targets {

    /** The first {@value} of {@link #authorizations} are live credentials (kept live); the rest are dead, malformed or none. */
    static final int LIVE = 4;

    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> ids = new CopyOnWriteArrayList<>();
    final List<String> logins = new CopyOnWriteArrayList<>(List.of("admin", "fuzzuser", "nobody", "ADMIN"));
    final List<String> orgs = new CopyOnWriteArrayList<>(List.of("fuzzorg", "admin", "missing-org"));
    final List<String> repositories = new CopyOnWriteArrayList<>(List.of("admin/fuzz-public", "admin/fuzz-private",
            "fuzzorg/org-repo", "admin/missing", "fuzzuser/none"));
    final List<String> packages = new CopyOnWriteArrayList<>(List.of("admin/tool", "fuzzorg/lib", "admin/missing"));
    final List<String> commits = new CopyOnWriteArrayList<>();
    /** Every secret the test knows (passwords, live and dead tokens): none may appear where it was not sent. */
    final List<String> secrets = new CopyOnWriteArrayList<>();
}
