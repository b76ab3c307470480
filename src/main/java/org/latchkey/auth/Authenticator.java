package org.latchkey.auth;

import java.time.Clock;
import org.latchkey.account.LockedOut;
import org.latchkey.alert.FailedAuthentications;
import org.latchkey.alert.InactiveTokenAlerts;
import org.latchkey.account.LoginThrottle;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.metrics.Metrics;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Token;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenService;
import org.latchkey.token.TokenState;

/**
 * The hot path: from an Authorization header to a {@link Principal}. A malformed secret is refused
 * before any lookup; a cached token costs a checksum, a SHA-256, a map lookup and a clock read, and
 * allocates only its hash. Failures count against the caller's address; uses of revoked, expired or
 * suspended secrets are audited (a suspended one is not counted against the address: its holder may
 * be a job waiting for its owner to resume it), and uses of revoked or expired personal access
 * tokens raise alerts (on that failure path only).
 */
public final class Authenticator {

    private final TokenLookup lookup;
    private final LoginThrottle throttle;
    private final TokenService tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final Metrics metrics;
    private final InactiveTokenAlerts inactiveTokens;
    private final FailedAuthentications failures;

    public Authenticator(TokenLookup lookup, LoginThrottle throttle, TokenService tokens, AuditLog audit, Clock clock,
                         Metrics metrics) {
        this(lookup, throttle, tokens, audit, clock, metrics, null, null);
    }

    /**
     * An authenticator that also raises alerts when a revoked or expired token is presented
     * (null: none), and counts those presentations as failed authentications of its owner.
     */
    public Authenticator(TokenLookup lookup, LoginThrottle throttle, TokenService tokens, AuditLog audit, Clock clock,
                         Metrics metrics, InactiveTokenAlerts inactiveTokens, FailedAuthentications failures) {
        this.inactiveTokens = inactiveTokens;
        this.failures = failures;
        this.lookup = lookup;
        this.throttle = throttle;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.metrics = metrics;
    }

    public Principal authenticate(String authorization, String ip, String userAgent) {
        if (authorization == null || authorization.isEmpty()) {
            throw AuthenticationFailed.missing();
        }
        try {
            throttle.checkIp(ip);
        } catch (LockedOut e) {
            metrics.authLockedOut();
            throw e;
        }
        TokenHash hash = Credentials.wellFormedHash(authorization);
        if (hash == null) {
            throw failed(ip);
        }
        Principal principal = lookup.find(hash);
        if (principal == null) {
            throw failed(ip);
        }
        long now = clock.millis();
        switch (principal.stateAt(now)) {
            case REVOKED -> throw revokedUse(principal, new Origin(ip, userAgent));
            case EXPIRED -> throw expiredUse(principal, new Origin(ip, userAgent));
            case SUSPENDED -> throw suspendedUse(principal, new Origin(ip, userAgent));
            default -> principal.usage().touch(now, ip, userAgent);
        }
        metrics.authSuccess();
        return principal;
    }

    private AuthenticationFailed failed(String ip) {
        metrics.authBadCredentials();
        throttle.ipFailed(ip);
        return AuthenticationFailed.badCredentials();
    }

    private AuthenticationFailed revokedUse(Principal principal, Origin origin) {
        metrics.authRevoked();
        throttle.ipFailed(origin.ip());
        Token token = principal.token();
        audit.record(AuditAction.REVOKED_TOKEN_USED, token.userId(), null, token.id(), origin);
        alert(principal, TokenState.REVOKED, origin);
        if (token.revocationReason() == RevocationReason.ROTATED) {
            tokens.revokeFamilyOnReuse(token, principal.user().login(), origin);
            return AuthenticationFailed.revoked(token.revokedAt(), RevocationReason.REUSE_DETECTED);
        }
        return AuthenticationFailed.revoked(token.revokedAt(), token.revocationReason());
    }

    private AuthenticationFailed suspendedUse(Principal principal, Origin origin) {
        metrics.authSuspended();
        Token token = principal.token();
        audit.record(AuditAction.SUSPENDED_TOKEN_USED, token.userId(), null, token.id(), origin);
        return AuthenticationFailed.suspended(token.id(), token.suspension(), principal.user().login());
    }

    private AuthenticationFailed expiredUse(Principal principal, Origin origin) {
        metrics.authExpired();
        throttle.ipFailed(origin.ip());
        Token token = principal.token();
        audit.record(AuditAction.EXPIRED_TOKEN_USED, token.userId(), null, token.id(), origin);
        alert(principal, TokenState.EXPIRED, origin);
        return AuthenticationFailed.expired(token.expiresAt());
    }

    /** The alert rules' part in a dead token's presentation: off the success path, which never comes here. */
    private void alert(Principal principal, TokenState state, Origin origin) {
        if (principal.isSession()) {
            return;
        }
        if (inactiveTokens != null) {
            inactiveTokens.presented(principal.token(), state, origin, clock.instant());
        }
        if (failures != null) {
            failures.failed(principal.user().id(), principal.user().login(), FailedAuthentications.Kind.TOKEN, origin);
        }
    }
}
