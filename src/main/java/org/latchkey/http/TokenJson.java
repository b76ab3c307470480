package org.latchkey.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A token as the API shows it; {@code token} (the secret) is present only in the response that
 * issues it, {@code permissions} and {@code resources} only for fine-grained tokens.
 */
record TokenJson(
        long id,
        String name,
        String description,
        String type,
        String owner,
        List<String> scopes,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> permissions,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ResourceJson> resources,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        List<String> lastUsedIps,
        String lastUsedUserAgent,
        boolean revoked,
        Instant revokedAt,
        String revocationReason,
        boolean expired,
        String state,
        Instant suspendedAt,
        String suspendedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) String token) {

    /** One owner a fine-grained token may act on: {@code repositories} is "all", "public" or a list of names. */
    record ResourceJson(String owner, Object repositories, String approval, String decidedBy, Instant decidedAt,
                        String reason) {
    }
}
