package org.latchkey.advice;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Least-privilege advice for one token from its own recorded use over a window: what it did, the
 * scopes (classic) or permission levels (fine-grained) that needed and those it never needed, the
 * repositories it touched, and what to do about it. Fields that do not apply to the token's type
 * are null.
 */
public record Advice(long tokenId, int windowDays, long totalUses, Instant firstUsedAt, Instant lastUsedAt,
                     List<Use> used, List<String> neededScopes, List<String> unusedScopes,
                     Map<String, String> neededPermissions, Map<String, String> unusedPermissions,
                     List<OwnerRepositories> repositories, Suggestion suggestion) {

    /**
     * An action on a target ({@code push} on {@code acme/api}), an API route
     * ({@code GET /api/v1/user/audit-log}, no target), or both when an API request acted on a
     * target, with how many requests and the last one.
     */
    public record Use(String action, String route, String target, long count, Instant lastAt) {
    }

    /** An owner and the names of its repositories (empty when only the owner itself was acted on). */
    public record OwnerRepositories(String owner, List<String> repositories) {
    }

    /**
     * {@code narrow} (replace the token by the one described, as a CLI command line and as the body of
     * {@code POST /api/v1/user/tokens}), {@code revoke} (command only) or {@code keep} (neither).
     */
    public record Suggestion(String kind, String reason, String command, Map<String, Object> request) {

        static Suggestion keep(String reason) {
            return new Suggestion("keep", reason, null, null);
        }
    }
}
