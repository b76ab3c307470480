package org.latchkey.token;

import java.time.Instant;

/**
 * A token about to be stored. {@code familyId} is null for a token that starts a new family
 * (the store then uses the new token's own id), or the family of the token it replaces.
 */
public record NewToken(
        long userId,
        TokenType type,
        String name,
        String description,
        Scopes scopes,
        TokenHash hash,
        Instant createdAt,
        Instant expiresAt,
        Long familyId,
        FineGrained fineGrained) {

    /** A new token without fine-grained permissions (classic or session). */
    public NewToken(long userId, TokenType type, String name, String description, Scopes scopes, TokenHash hash,
                    Instant createdAt, Instant expiresAt, Long familyId) {
        this(userId, type, name, description, scopes, hash, createdAt, expiresAt, familyId, null);
    }
}
