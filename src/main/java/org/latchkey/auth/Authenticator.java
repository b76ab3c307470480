package org.latchkey.auth;

import java.time.Clock;
import org.latchkey.Refusal;
import org.latchkey.account.AccountRefusals;
import org.latchkey.account.LockedOut;
import org.latchkey.account.LoginThrottle;
import org.latchkey.audit.Origin;
import org.latchkey.metrics.Metrics;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenState;
import org.latchkey.token.TokenType;

/**
 * The hot path: from an Authorization header to a {@link Principal}. A malformed secret is refused
 * before any lookup, with one look at the caller's address (refused if locked out, else counted)
 * and no allocation; a cached token costs a checksum, a SHA-256, a map lookup and one clock read
 * (shared with the cache's idle expiry), and allocates only its hash. Secrets that match no token
 * count against the caller's address (they are guessing); revoked, expired or suspended ones are
 * left to {@link DeadTokens}, which counts them against the token alone. Any token of a disabled
 * account is refused with {@code account_disabled} (403), read from the cached principal.
 */
public final class Authenticator {

    /** Carries nothing of the request (no stack, no cause), so one instance serves every refusal. */
    private static final AuthenticationFailed BAD_CREDENTIALS = AuthenticationFailed.badCredentials();
    private static final Refusal ACCOUNT_DISABLED = AccountRefusals.accountDisabled();

    private final TokenLookup lookup;
    private final LoginThrottle throttle;
    private final DeadTokens deadTokens;
    private final Clock clock;
    private final Metrics metrics;

    public Authenticator(TokenLookup lookup, LoginThrottle throttle, DeadTokens deadTokens, Clock clock, Metrics metrics) {
        this.lookup = lookup;
        this.throttle = throttle;
        this.deadTokens = deadTokens;
        this.clock = clock;
        this.metrics = metrics;
    }

    public Principal authenticate(String authorization, String ip, String userAgent) {
        if (authorization == null || authorization.isEmpty()) {
            throw AuthenticationFailed.missing();
        }
        TokenHash hash = Credentials.wellFormedHash(authorization);
        if (hash == null) {
            throw malformed(ip);
        }
        try {
            throttle.checkIp(ip);
        } catch (LockedOut e) {
            metrics.authLockedOut();
            throw e;
        }
        long now = clock.millis();
        Principal principal = lookup.find(hash, now);
        if (principal == null || principal.token().type() == TokenType.OAUTH_REFRESH) {
            throw failed(ip);
        }
        if (principal.accountDisabled()) {
            metrics.authAccountDisabled();
            throw ACCOUNT_DISABLED;
        }
        TokenState state = principal.stateAt(now);
        if (state != TokenState.ACTIVE) {
            throw dead(principal, state, new Origin(ip, userAgent));
        }
        principal.usage().touch(now, ip, userAgent);
        metrics.authSuccess();
        return principal;
    }

    private AuthenticationFailed malformed(String ip) {
        try {
            throttle.checkIpAndFail(ip);
        } catch (LockedOut e) {
            metrics.authLockedOut();
            throw e;
        }
        metrics.authBadCredentials();
        return BAD_CREDENTIALS;
    }

    private AuthenticationFailed failed(String ip) {
        metrics.authBadCredentials();
        throttle.ipFailed(ip);
        return BAD_CREDENTIALS;
    }

    private Refusal dead(Principal principal, TokenState state, Origin origin) {
        switch (state) {
            case REVOKED -> metrics.authRevoked();
            case EXPIRED -> metrics.authExpired();
            default -> metrics.authSuspended();
        }
        return deadTokens.presented(principal, state, origin);
    }
}
