package org.latchkey.auth;

import java.time.Instant;
import org.latchkey.HumanTime;
import org.latchkey.account.User;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.token.FineGrained;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenState;
import org.latchkey.token.TokenTraits;
import org.latchkey.token.TokenType;

/**
 * Who is calling and with which token, as kept in the hot-path cache, compactly: the owner (one
 * {@link Owner} shared by the cached tokens of an account), the token's {@link TokenTraits} as
 * primitives and shared instances (scopes are one instance per set, no strings), its rate-limit
 * window (the fields it inherits) and its usage slot. {@link #token()} is this principal; what it
 * does not keep (name, description) {@link #stored()} reads from the store. It is trusted only in
 * the lease term it was loaded in (see {@link TokenLookup}).
 */
public final class Principal extends RateWindow implements TokenTraits {

    private static final int REVOKED = 1;
    private static final int SUSPENDED = 2;
    private static final int TYPE_SHIFT = 2;
    private static final TokenType[] TYPES = TokenType.values();
    private static final int HEADERS = 1024;
    /** The expiration headers formatted last, by expiry: a token used again finds its own, without allocating. */
    private static final ExpirationHeader[] EXPIRATION_HEADERS = new ExpirationHeader[HEADERS];

    private final Owner owner;
    private final long tokenId;
    private final long createdAtMilli;
    private final long expiresAtMilli;
    private final Scopes scopes;
    private final FineGrained fineGrained;
    private final UsageRecorder.Slot usage;
    /** Revoked and suspended as bits, the type's ordinal above them: one byte where a reference would take four. */
    private final byte state;
    /** The stored token when it was dead at load or was found dead since; null while it is live. */
    private volatile Token dead;
    /** The lease term this was loaded in (0: without a lease, never trusted from the cache); an int fits the layout. */
    private final int leaseTerm;
    /** This principal, or the window of the entry it replaced for the same token, which keeps counting. */
    private final RateWindow window;

    /** A principal that is not cached, from a stored token: {@link #stored()} is that token. */
    Principal(User user, Token token, UsageRecorder.Slot usage) {
        this(new Owner(user, false, null), token, usage, 0, null);
        this.dead = token;
    }

    Principal(Owner owner, Token token, UsageRecorder.Slot usage) {
        this(owner, token, usage, 0, null);
    }

    /**
     * Loaded in lease term {@code leaseTerm}, counting requests in the window of {@code previous}
     * when that was the same token's entry (so a reload does not restart the token's rate limit).
     */
    Principal(Owner owner, Token token, UsageRecorder.Slot usage, long leaseTerm, Principal previous) {
        this.leaseTerm = Math.toIntExact(leaseTerm);
        this.window = previous != null && previous.tokenId == token.id() ? previous.window : this;
        this.owner = owner;
        this.tokenId = token.id();
        this.scopes = token.scopes();
        this.fineGrained = token.fineGrained();
        this.createdAtMilli = token.createdAt().toEpochMilli();
        this.expiresAtMilli = token.expiresAt() == null ? Long.MAX_VALUE : token.expiresAt().toEpochMilli();
        this.state = (byte) ((token.revokedAt() != null ? REVOKED : 0) | (token.isSuspended() ? SUSPENDED : 0)
                | token.type().ordinal() << TYPE_SHIFT);
        this.usage = usage;
        if ((state & (REVOKED | SUSPENDED)) != 0) {
            this.dead = token;
        }
    }

    public User user() {
        return owner.user();
    }

    /** The token this principal presented: this principal, which keeps its traits. */
    public TokenTraits token() {
        return this;
    }

    @Override
    public long id() {
        return tokenId;
    }

    @Override
    public TokenType type() {
        return TYPES[state >>> TYPE_SHIFT];
    }

    @Override
    public Scopes scopes() {
        return scopes;
    }

    @Override
    public FineGrained fineGrained() {
        return fineGrained;
    }

    @Override
    public Instant createdAt() {
        return Instant.ofEpochMilli(createdAtMilli);
    }

    @Override
    public Instant expiresAt() {
        return expiresAtMilli == Long.MAX_VALUE ? null : Instant.ofEpochMilli(expiresAtMilli);
    }

    @Override
    public TokenState stateAt(Instant now) {
        return stateAt(now.toEpochMilli());
    }

    /**
     * The token as stored. A dead token's (revoked or suspended when loaded, or found dead since) is
     * kept, so that its repeated presentations do not read the store; a live token's is read from
     * the store on each call (for the routes that show or change the token, off the hot path); one
     * that is no longer stored is refused as bad credentials.
     */
    @Override
    public Token stored() {
        Token known = dead;
        if (known != null) {
            return known;
        }
        Token read = owner.lookup().stored(tokenId).orElseThrow(AuthenticationFailed::badCredentials);
        if (read.stateAt(Instant.now(owner.lookup().clock())) != TokenState.ACTIVE) {
            dead = read;
        }
        return read;
    }

    /** Whether the owner's account was disabled when this was loaded; disabling or enabling drops it from the cache. */
    boolean accountDisabled() {
        return owner.user().disabledAt() != null;
    }

    /** Whether the user had two-factor authentication on when this was loaded; a change drops it from the cache. */
    public boolean twoFactorEnabled() {
        return owner.twoFactor();
    }

    public boolean isSession() {
        return type() == TokenType.SESSION;
    }

    /**
     * GitHub's expiration header value ("2026-12-25 08:00:00 UTC"), or null for a token that never
     * expires. Not kept per token: a small table shared by all of them remembers the last ones.
     */
    public String expirationHeader() {
        if (expiresAtMilli == Long.MAX_VALUE) {
            return null;
        }
        int index = Long.hashCode(expiresAtMilli * 0x9E3779B97F4A7C15L) >>> 22 & (HEADERS - 1);
        ExpirationHeader known = EXPIRATION_HEADERS[index];
        if (known != null && known.expiresAtMilli() == expiresAtMilli) {
            return known.text();
        }
        String text = HumanTime.format(Instant.ofEpochMilli(expiresAtMilli));
        EXPIRATION_HEADERS[index] = new ExpirationHeader(expiresAtMilli, text);
        return text;
    }

    /**
     * {@link Token#stateAt} for a moment in epoch milliseconds, which a clock gives without
     * allocating; the same answer, since expiry instants are whole milliseconds.
     */
    TokenState stateAt(long epochMilli) {
        if ((state & REVOKED) != 0) {
            return TokenState.REVOKED;
        }
        if (epochMilli >= expiresAtMilli) {
            return TokenState.EXPIRED;
        }
        return (state & SUSPENDED) != 0 ? TokenState.SUSPENDED : TokenState.ACTIVE;
    }

    /** Whether this principal and another cached one share their owner object (the cache keeps one per account). */
    boolean sharesOwnerWith(Principal other) {
        return owner == other.owner;
    }

    /** The lease term this was loaded in; a cached principal is trusted only in that term. */
    long leaseTerm() {
        return leaseTerm;
    }

    RateWindow rateWindow() {
        return window;
    }

    UsageRecorder.Slot usage() {
        return usage;
    }

    /** Final fields, so a racing reader of the table sees a whole entry or none. */
    private record ExpirationHeader(long expiresAtMilli, String text) {
    }
}
