package org.latchkey.token;

import java.time.Instant;

/**
 * A token as stored: its settings and state, never its secret (only the SHA-256 {@link #hash()}).
 * {@code expiresAt} is null for a token that never expires; {@code fineGrained} is null for classic
 * and session tokens.
 */
public record Token(
        long id,
        long userId,
        TokenType type,
        String name,
        String description,
        Scopes scopes,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        RevocationReason revocationReason,
        Instant deletedAt,
        long familyId,
        TokenHash hash,
        TokenUsage usage,
        FineGrained fineGrained) {

    /** A token without fine-grained permissions (classic or session). */
    public Token(long id, long userId, TokenType type, String name, String description, Scopes scopes, Instant createdAt,
                 Instant expiresAt, Instant revokedAt, RevocationReason revocationReason, Instant deletedAt, long familyId,
                 TokenHash hash, TokenUsage usage) {
        this(id, userId, type, name, description, scopes, createdAt, expiresAt, revokedAt, revocationReason, deletedAt,
                familyId, hash, usage, null);
    }

    public boolean isFineGrained() {
        return fineGrained != null;
    }

    public Token withUsage(TokenUsage newUsage) {
        return new Token(id, userId, type, name, description, scopes, createdAt, expiresAt, revokedAt, revocationReason,
                deletedAt, familyId, hash, newUsage, fineGrained);
    }

    /** Whether the token is revoked, expired or usable at the given instant. */
    public TokenState stateAt(Instant now) {
        if (revokedAt != null) {
            return TokenState.REVOKED;
        }
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            return TokenState.EXPIRED;
        }
        return TokenState.ACTIVE;
    }

    public boolean isActiveAt(Instant now) {
        return stateAt(now) == TokenState.ACTIVE;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }
}
