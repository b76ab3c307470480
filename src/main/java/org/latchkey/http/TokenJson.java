package org.latchkey.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.latchkey.token.Token;
import org.latchkey.token.TokenState;

/** A token as the API shows it; {@code token} (the secret) is present only in the response that issues it. */
record TokenJson(
        long id,
        String name,
        String description,
        String type,
        List<String> scopes,
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
        @JsonInclude(JsonInclude.Include.NON_NULL) String token) {

    static TokenJson of(Token token, Instant now) {
        return of(token, now, null);
    }

    static TokenJson of(Token token, Instant now, String secret) {
        TokenState state = token.stateAt(now);
        return new TokenJson(token.id(), token.name(), token.description(), token.type().wireName(),
                token.scopes().wireNames(), token.createdAt(), token.expiresAt(), token.usage().lastUsedAt(),
                token.usage().lastUsedIps(), token.usage().lastUserAgent(), token.revokedAt() != null, token.revokedAt(),
                token.revocationReason() == null ? null : token.revocationReason().wireName(),
                token.expiresAt() != null && !now.isBefore(token.expiresAt()), state.wireName(), secret);
    }
}
