package org.latchkey.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.latchkey.alert.FailedAuthentications;
import org.latchkey.alert.InactiveTokenAlerts;
import org.latchkey.account.LoginThrottle;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.DeadTokenPresentations;
import org.latchkey.audit.DeadTokenPresentations.Presentation;
import org.latchkey.audit.Origin;
import org.latchkey.Refusal;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Token;
import org.latchkey.token.TokenService;
import org.latchkey.token.TokenState;

/**
 * What follows the presentation of a revoked, expired or suspended token. It is recorded in the
 * audit log, coalesced ({@link DeadTokenPresentations}), and counted against the token's own
 * throttle, never its address: its holder is not guessing, and others behind the same address must
 * not be locked out. Too many presentations are answered 429 for that secret. A rotated-away secret
 * presented within the reuse interval of its rotation (measured from the rotation, so repeats do
 * not stretch it) is refused as {@code token_rotated} and its family left alone: the caller
 * checking that the old secret fails, or a request in flight, is no thief. After the interval it
 * revokes its family, even while the secret is throttled (then once per address and hour, so that
 * a flood within the interval cannot put the revocation off). For personal access tokens, the first
 * presentation from each address in a window raises the inactive-token alert, and the token's
 * first presentations there (up to the audit ceiling) count as failed authentications of its
 * owner, so a flood cannot flood alerts.
 */
public final class DeadTokens {

    private final DeadTokenPresentations presentations;
    private final LoginThrottle throttle;
    private final TokenService tokens;
    private final Clock clock;
    private final InactiveTokenAlerts inactiveTokens;
    private final FailedAuthentications failures;
    private final Duration reuseInterval;

    /** {@code inactiveTokens} and {@code failures} may be null: no alerts. */
    public DeadTokens(DeadTokenPresentations presentations, LoginThrottle throttle, TokenService tokens, Clock clock,
                      InactiveTokenAlerts inactiveTokens, FailedAuthentications failures, Duration reuseInterval) {
        this.reuseInterval = reuseInterval;
        this.presentations = presentations;
        this.throttle = throttle;
        this.tokens = tokens;
        this.clock = clock;
        this.inactiveTokens = inactiveTokens;
        this.failures = failures;
    }

    /** Records the presentation and answers its refusal: 401 saying how the token is dead, or 429 when too many. */
    Refusal presented(Principal principal, TokenState state, Origin origin) {
        Token token = principal.token().stored();
        Instant now = clock.instant();
        boolean rotatedAway = rotatedAway(token, state);
        boolean withinReuseInterval = rotatedAway && now.isBefore(token.revokedAt().plus(reuseInterval));
        AuditAction action = withinReuseInterval ? AuditAction.ROTATED_TOKEN_USED : action(state);
        Presentation seen = presentations.presented(action, token.userId(), token.id(), origin);
        if (state != TokenState.SUSPENDED && !withinReuseInterval) {
            alert(principal, state, origin, seen);
        }
        AuthenticationFailed refusal = withinReuseInterval ? AuthenticationFailed.rotated(token.revokedAt())
                : refusal(principal, state);
        Instant lockedUntil = throttle.deadTokenLockedUntil(token.id());
        if (rotatedAway && !withinReuseInterval && (lockedUntil == null || seen.firstOfAddress())) {
            tokens.revokeFamilyOnReuse(token, principal.user().login(), origin);
        }
        if (lockedUntil != null) {
            return AuthenticationFailed.presentedTooOften(refusal, lockedUntil, now);
        }
        throttle.deadTokenPresented(token.id());
        return refusal;
    }

    private static AuditAction action(TokenState state) {
        return switch (state) {
            case REVOKED -> AuditAction.REVOKED_TOKEN_USED;
            case EXPIRED -> AuditAction.EXPIRED_TOKEN_USED;
            default -> AuditAction.SUSPENDED_TOKEN_USED;
        };
    }

    private static AuthenticationFailed refusal(Principal principal, TokenState state) {
        Token token = principal.token().stored();
        return switch (state) {
            case REVOKED -> AuthenticationFailed.revoked(token.revokedAt(), rotatedAway(token, state)
                    ? RevocationReason.REUSE_DETECTED : token.revocationReason());
            case EXPIRED -> AuthenticationFailed.expired(token.expiresAt());
            default -> AuthenticationFailed.suspended(token.id(), token.suspension(), principal.user().login());
        };
    }

    private static boolean rotatedAway(Token token, TokenState state) {
        return state == TokenState.REVOKED && token.revocationReason() == RevocationReason.ROTATED;
    }

    /** The alert rules' part in a dead token's presentation: off the success path, which never comes here. */
    private void alert(Principal principal, TokenState state, Origin origin, Presentation seen) {
        if (principal.isSession()) {
            return;
        }
        if (inactiveTokens != null && seen.firstOfAddress()) {
            inactiveTokens.presented(principal.token().stored(), state, origin, clock.instant());
        }
        if (failures != null && seen.withinCeiling()) {
            failures.failed(principal.user().id(), principal.user().login(), FailedAuthentications.Kind.TOKEN, origin);
        }
    }
}
