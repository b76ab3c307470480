package org.latchkey.token;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.latchkey.audit.LastUseStore;

/**
 * Durable storage of tokens. Every write is committed before the method returns, so an answer
 * given to a client survives a crash of the server right after.
 */
public interface TokenStore extends LastUseStore {

    /**
     * Stores a new token unless its user already has a live (not revoked, not expired at
     * {@code now}, not deleted) token of the same name; checks and inserts atomically.
     * Session tokens are never checked for name clashes.
     *
     * @return the stored token, or empty when the name is taken
     */
    Optional<Token> insert(NewToken token, Instant now);

    Optional<Token> findByHash(TokenHash hash);

    Optional<Token> findById(long id);

    /** The user's tokens of the given types, not deleted, newest first. */
    List<Token> listByUser(long userId, Collection<TokenType> types);

    /**
     * Renames or re-describes a token; a null argument leaves that field as it is.
     *
     * @return the updated token, or empty when the new name is taken by another live token
     */
    Optional<Token> updateDetails(long id, String name, String description, Instant now);

    /** Gives an active token a new secret, scopes and expiry; the old hash stops matching at once. */
    Token replaceSecret(long id, TokenHash hash, Scopes scopes, Instant expiresAt);

    /** Marks a token revoked unless it already is; returns the token as it now stands. */
    Token revoke(long id, RevocationReason reason, Instant at);

    /** Revokes every not yet revoked token of a family; returns the tokens revoked by this call. */
    List<Token> revokeFamily(long familyId, RevocationReason reason, Instant at);

    /** Revokes (if needed) and hides a token. */
    Token delete(long id, Instant at);

    /**
     * In one transaction: revokes {@code oldId} as rotated and stores its replacement in the same
     * family. Fails with {@link IllegalStateException} if the old token was already revoked.
     */
    Token rotate(long oldId, NewToken replacement, Instant at);

    /** Records an owner's approval or denial of a fine-grained token's grant on that owner. */
    Token decide(long tokenId, ResourceGrant decided);

    /** Fine-grained tokens (not deleted) with a grant on this owner, newest first. */
    List<Token> listByResourceOwner(long ownerId);

    /**
     * Tokens that could be used until they expire in {@code (after, until]}: classic and fine-grained,
     * not revoked, not deleted; soonest expiry first. What the expiry notices look at.
     */
    List<Token> listExpiringBetween(Instant after, Instant until);

    /**
     * Suspends a token unless it is revoked or already suspended (the first suspension stands);
     * returns the token as it now stands.
     */
    Token suspend(long id, Suspension suspension);

    /** Lifts a token's suspension, if any; returns the token as it now stands. */
    Token resume(long id);

    /**
     * Suspends every live token of the given types of a user (not revoked, deleted, expired at
     * {@code now} or already suspended); returns the tokens suspended by this call.
     */
    List<Token> suspendAll(long userId, Collection<TokenType> types, Suspension suspension, Instant now);

    /** Lifts the suspension of every suspended token of a user; returns the tokens resumed by this call. */
    List<Token> resumeAll(long userId);

    /**
     * In one transaction: stores a replacement in the family of {@code currentId} and leaves that
     * token live, for a rotation confirmed later. Fails with {@link IllegalStateException} if the
     * current token was already revoked.
     */
    Token addToFamily(long currentId, NewToken replacement);

    /** The tokens of a family (deleted ones too), oldest first. */
    List<Token> listFamily(long familyId);

    /** Revokes the not yet revoked tokens of a family with an id below {@code beforeId}; returns them. */
    List<Token> revokeFamilyBefore(long familyId, long beforeId, RevocationReason reason, Instant at);

    /**
     * Personal tokens (classic and fine-grained) still live at {@code now} (not revoked, deleted or
     * expired; suspended ones included) that were last used, or if never used created, before
     * {@code idleSince}; oldest first.
     */
    List<Token> listIdle(Instant idleSince, Instant now);

    /**
     * Revokes a token only if it is still live and was last used (or created) before
     * {@code idleSince}, checked under its row lock: a use recorded meanwhile saves it.
     *
     * @return the token as revoked by this call, or empty when it was not
     */
    Optional<Token> revokeIdle(long id, Instant idleSince, RevocationReason reason, Instant at);
}
