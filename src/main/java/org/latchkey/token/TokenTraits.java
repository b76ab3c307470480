package org.latchkey.token;

import java.time.Instant;

/**
 * What deciding on a token's use reads of it: a stored {@link Token} has all of it, the hot-path
 * cache keeps only this, compactly. {@link #stored()} gives the rest (name, description, the
 * details of a revocation or suspension).
 */
public interface TokenTraits {

    long id();

    TokenType type();

    Scopes scopes();

    /** Null for classic and session tokens. */
    FineGrained fineGrained();

    Instant createdAt();

    /** Null for a token that never expires. */
    Instant expiresAt();

    TokenState stateAt(Instant now);

    /** The token as stored: itself for a {@link Token}, a read of the store for a cached one that is still live. */
    Token stored();

    default boolean isFineGrained() {
        return fineGrained() != null;
    }
}
