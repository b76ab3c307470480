package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code latchkey token check}: "why was I denied?" Asks the server whether a token may do an action
 * on a repository or owner, and prints every reason it may not with its fix. Exit 0 when allowed,
 * {@link ExitCode#FORBIDDEN} when denied, so scripts can test a token before using it.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Say whether a token may do an action, and if not, every reason with its fix.",
                "  token check ID --action push --repo OWNER/NAME    one of your tokens (session)",
                "  token check --self --action push --repo O/NAME    the token in LATCHKEY_TOKEN",
                "Exit code 0 when allowed, 4 when denied, with --json too."})
final class TokenCheckCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "ID", arity = "0..1", description = "The token's id, as token list shows it (any state).")
    Long id;

    @Option(names = "--self", description = "Check the token in LATCHKEY_TOKEN instead of one of yours by id.")
    boolean self;

    @Option(names = "--action", required = true, paramLabel = "ACTION",
            description = "pull, push, push_workflow, read_metadata, create_repo, delete_repo, read_packages,"
                    + " write_packages, delete_packages, read_members, write_members or manage_org.")
    String action;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--public", description = "With --owner: for a public repository (e.g. create_repo of a public one).")
    boolean isPublic;

    /** A repository or an owner, exactly one. */
    static final class Target {
        @Option(names = "--repo", required = true, paramLabel = "OWNER/NAME", description = "The repository, e.g. acme/api.")
        String repo;

        @Option(names = "--owner", required = true, paramLabel = "LOGIN",
                description = "A user or organisation, for actions on an owner (create_repo, read_members, manage_org...).")
        String owner;
    }

    @Override
    public Integer call() {
        JsonNode answer = ask();
        if (client.json()) {
            client.printJson(answer);
        } else {
            print(client.out(), answer);
        }
        return answer.path("allowed").asBoolean(false) ? ExitCode.OK.code() : ExitCode.FORBIDDEN.code();
    }

    private JsonNode ask() {
        if (self == (id != null)) {
            throw CliFailure.invalid(self ? "give either a token ID or --self, not both"
                    : "which token? give its ID (latchkey token list), or --self for the one in LATCHKEY_TOKEN");
        }
        String query = query();
        if (!self) {
            return client.session().get(TokenCommand.TOKENS + "/" + id + "/check" + query).body();
        }
        String token = client.environment().get("LATCHKEY_TOKEN");
        if (token == null) {
            throw new CliFailure(ExitCode.NOT_AUTHENTICATED, "LATCHKEY_TOKEN is not set: token check --self checks the token in it");
        }
        String server = client.server(client.configStore().load());
        return new ApiClient(server, token, Credential.LATCHKEY_TOKEN).get("/api/v1/tokens/self/check" + query).body();
    }

    private String query() {
        if (action.isBlank()) {
            throw CliFailure.invalid("--action must name an action, e.g. push");
        }
        String query = "?action=" + UrlPath.encode(action.trim());
        if (target.repo != null) {
            if (isPublic) {
                throw CliFailure.invalid("--public goes with --owner; a repository's own visibility counts with --repo");
            }
            RepoCommand.path(target.repo);
            return query + "&repo=" + UrlPath.encode(target.repo);
        }
        if (target.owner.isBlank()) {
            throw CliFailure.invalid("--owner must name a user or organisation");
        }
        return query + "&owner=" + UrlPath.encode(target.owner) + (isPublic ? "&private=false" : "");
    }

    /** {@code denied: push on acme/web (token 7 'ci', fine-grained)}, then one {@code code: message — fix} line per reason. */
    static void print(PrintWriter out, JsonNode answer) {
        boolean allowed = answer.path("allowed").asBoolean(false);
        out.println(clean((allowed ? "allowed" : "denied") + ": " + Format.text(answer.path("action")) + " on "
                + Format.text(answer.path("target")) + " (token " + Format.text(answer.path("token_id")) + " '"
                + Format.text(answer.path("token_name")) + "', " + Format.text(answer.path("token_type")).replace('_', '-') + ")"));
        for (JsonNode reason : answer.path("reasons")) {
            String fix = Format.text(reason.path("fix"));
            out.println("  " + clean(Format.text(reason.path("code")) + ": " + Format.text(reason.path("message"))
                    + (fix.isEmpty() ? "" : " — " + fix)));
        }
        out.flush();
    }

    private static String clean(String line) {
        return line.replaceAll("\\p{Cntrl}", " ");
    }
}
