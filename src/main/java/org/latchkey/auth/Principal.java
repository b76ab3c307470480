package org.latchkey.auth;

import org.latchkey.account.User;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.token.Token;
import org.latchkey.token.TokenState;
import org.latchkey.token.TokenType;

/**
 * Who is calling and with which token, as kept in the hot-path cache: the token, its owner and
 * whether the owner has two-factor authentication on, its rate-limit window and usage slot, and
 * the response headers that describe it, computed once.
 */
public final class Principal {

    private final User user;
    private final Token token;
    private final RateWindow rateWindow;
    private final UsageRecorder.Slot usage;
    private final String expirationHeader;
    private final long expiresAtMilli;
    private final boolean twoFactor;
    private final long leaseTerm;

    Principal(User user, Token token, UsageRecorder.Slot usage) {
        this(user, token, usage, false);
    }

    Principal(User user, Token token, UsageRecorder.Slot usage, boolean twoFactor) {
        this(user, token, usage, twoFactor, 0, new RateWindow());
    }

    /** Loaded in lease term {@code leaseTerm} (0: without a lease, not to be cached), counting in {@code rateWindow}. */
    Principal(User user, Token token, UsageRecorder.Slot usage, boolean twoFactor, long leaseTerm, RateWindow rateWindow) {
        this.leaseTerm = leaseTerm;
        this.rateWindow = rateWindow;
        this.user = user;
        this.token = token;
        this.usage = usage;
        this.twoFactor = twoFactor;
        this.expiresAtMilli = token.expiresAt() == null ? Long.MAX_VALUE : token.expiresAt().toEpochMilli();
        this.expirationHeader = token.expiresAt() == null ? null : org.latchkey.HumanTime.format(token.expiresAt());
    }

    public User user() {
        return user;
    }

    public Token token() {
        return token;
    }

    /** Whether the owner's account was disabled when this was loaded; disabling or enabling drops it from the cache. */
    boolean accountDisabled() {
        return user.disabledAt() != null;
    }

    /** Whether the user had two-factor authentication on when this was loaded; a change drops it from the cache. */
    public boolean twoFactorEnabled() {
        return twoFactor;
    }

    public boolean isSession() {
        return token.type() == TokenType.SESSION;
    }

    /** GitHub's expiration header value ("2026-12-25 08:00:00 UTC"), or null for a token that never expires. */
    public String expirationHeader() {
        return expirationHeader;
    }

    /**
     * {@link Token#stateAt} for a moment in epoch milliseconds, which a clock gives without
     * allocating; the same answer, since expiry instants are whole milliseconds.
     */
    TokenState stateAt(long epochMilli) {
        if (token.revokedAt() != null) {
            return TokenState.REVOKED;
        }
        if (epochMilli >= expiresAtMilli) {
            return TokenState.EXPIRED;
        }
        return token.suspension() != null ? TokenState.SUSPENDED : TokenState.ACTIVE;
    }

    /** The lease term this was loaded in; a cached principal is trusted only in that term. */
    long leaseTerm() {
        return leaseTerm;
    }

    RateWindow rateWindow() {
        return rateWindow;
    }

    UsageRecorder.Slot usage() {
        return usage;
    }
}
