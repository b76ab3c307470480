package org.latchkey.token;

import java.time.Instant;

/**
 * A token as stored: its settings and state, never its secret (only the SHA-256 {@link #hash()}).
 * {@code expiresAt} is null for a token that never expires; {@code fineGrained} is null for classic
 * and session tokens; {@code suspension} is null unless the token is suspended.
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
        FineGrained fineGrained,
        Suspension suspension) implements TokenTraits {

    /** A token without fine-grained permissions (classic or session). */
    public Token(long id, long userId, TokenType type, String name, String description, Scopes scopes, Instant createdAt,
                 Instant expiresAt, Instant revokedAt, RevocationReason revocationReason, Instant deletedAt, long familyId,
                 TokenHash hash, TokenUsage usage) {
        this(id, userId, type, name, description, scopes, createdAt, expiresAt, revokedAt, revocationReason, deletedAt,
                familyId, hash, usage, null, null);
    }

    /** A token that is not suspended. */
    public Token(long id, long userId, TokenType type, String name, String description, Scopes scopes, Instant createdAt,
                 Instant expiresAt, Instant revokedAt, RevocationReason revocationReason, Instant deletedAt, long familyId,
                 TokenHash hash, TokenUsage usage, FineGrained fineGrained) {
        this(id, userId, type, name, description, scopes, createdAt, expiresAt, revokedAt, revocationReason, deletedAt,
                familyId, hash, usage, fineGrained, null);
    }

    @Override
    public boolean isFineGrained() {
        return fineGrained != null;
    }

    @Override
    public Token stored() {
        return this;
    }

    public Token withUsage(TokenUsage newUsage) {
        return new Token(id, userId, type, name, description, scopes, createdAt, expiresAt, revokedAt, revocationReason,
                deletedAt, familyId, hash, newUsage, fineGrained, suspension);
    }

    public boolean isSuspended() {
        return suspension != null;
    }

    /**
     * Whether the token is revoked, expired, suspended or usable at the given instant, in that
     * order: a suspended token that has expired is expired, since resuming it would not help.
     */
    @Override
    public TokenState stateAt(Instant now) {
        if (revokedAt != null) {
            return TokenState.REVOKED;
        }
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            return TokenState.EXPIRED;
        }
        return suspension != null ? TokenState.SUSPENDED : TokenState.ACTIVE;
    }

    public boolean isActiveAt(Instant now) {
        return stateAt(now) == TokenState.ACTIVE;
    }

    /** Active or suspended: a secret that works, or will again once resumed. */
    public boolean isLiveAt(Instant now) {
        TokenState state = stateAt(now);
        return state == TokenState.ACTIVE || state == TokenState.SUSPENDED;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }
}
