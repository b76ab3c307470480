package org.latchkey.http;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.latchkey.SecretShape;

/**
 * Where a path of GitHub's REST API ({@code /user}, {@code /repos/…}, {@code /api/v3/…} of GitHub
 * Enterprise) lives in Latchkey: under {@code /api/v1}. Only said for a request no route matched;
 * the path is repeated only when it is short, plain and holds nothing shaped like a token.
 */
final class GitHubPaths {

    private static final Set<String> API_ROOTS = Set.of("user", "users", "repos", "orgs", "rate_limit", "meta", "search",
            "gists", "notifications", "issues", "authorizations", "applications", "installation", "teams");
    private static final String ENTERPRISE_PREFIX = "/api/v3";
    private static final Pattern PLAIN_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+/?");
    private static final int MAX_SHOWN = 200;

    private GitHubPaths() {
    }

    /** A sentence naming where {@code method path} lives in Latchkey, when the path is shaped like GitHub's API. */
    static Optional<String> hint(String method, String path) {
        String rest = path;
        boolean enterprise = rest.regionMatches(true, 0, ENTERPRISE_PREFIX, 0, ENTERPRISE_PREFIX.length())
                && (rest.length() == ENTERPRISE_PREFIX.length() || rest.charAt(ENTERPRISE_PREFIX.length()) == '/');
        if (enterprise) {
            rest = rest.substring(ENTERPRISE_PREFIX.length());
        }
        String[] segments = rest.length() < 2 ? new String[] {""} : rest.substring(1).split("/", 2);
        String first = segments[0].toLowerCase(Locale.ROOT);
        if (first.equals("graphql")) {
            return Optional.of("Latchkey has no GraphQL API; its REST API lives under /api/v1 (every route: /docs/api).");
        }
        if (!API_ROOTS.contains(first)) {
            return enterprise ? Optional.of("Latchkey's API lives under /api/v1, not /api/v3 (every route: /docs/api).")
                    : Optional.empty();
        }
        if (rest.length() > MAX_SHOWN || !PLAIN_PATH.matcher(rest).matches() || SecretShape.mayHoldSecret(rest)) {
            return Optional.of("Latchkey's API lives under /api/v1: put /api/v1 in front of GitHub's path (every route: /docs/api).");
        }
        String latchkeyPath = "/api/v1/" + first + (segments.length > 1 ? "/" + segments[1] : "");
        return Optional.of("Latchkey's API lives under /api/v1: use " + method + " " + latchkeyPath + " (every route: /docs/api).");
    }
}
