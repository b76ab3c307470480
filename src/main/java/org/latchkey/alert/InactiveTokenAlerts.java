package org.latchkey.alert;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.latchkey.audit.Origin;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Token;
import org.latchkey.token.TokenState;
import org.latchkey.token.TokenType;

/**
 * Rule: a revoked or expired personal access token presented again, so a copy of it is still in
 * use somewhere. Called by the authenticator on its failure path only, for the first presentation
 * of each token and address in a clock hour (up to 50 addresses a token). One alert per token and
 * address per clock hour: a script retrying a dead token raises one alert an hour, not one a
 * request (each presentation is still counted in the audit log). Sessions are left out: a browser
 * keeping a signed-out or lapsed session is no sign of a leak.
 */
public final class InactiveTokenAlerts {

    private final Alerts alerts;

    public InactiveTokenAlerts(Alerts alerts) {
        this.alerts = alerts;
    }

    public void presented(Token token, TokenState state, Origin origin, Instant at) {
        NewAlert alert = alertFor(token, state, origin, at);
        if (alert != null) {
            alerts.raise(alert);
        }
    }

    /** The alert for a presentation, or null when none is due (an active token, or a session). */
    static NewAlert alertFor(Token token, TokenState state, Origin origin, Instant at) {
        if (token.type() == TokenType.SESSION || state == TokenState.ACTIVE) {
            return null;
        }
        boolean revoked = state == TokenState.REVOKED;
        AlertRule rule = revoked ? AlertRule.REVOKED_TOKEN_USED : AlertRule.EXPIRED_TOKEN_USED;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("token_name", token.name());
        String message;
        if (revoked) {
            RevocationReason reason = token.revocationReason();
            details.put("revoked_at", token.revokedAt().toString());
            details.put("revocation_reason", reason == null ? "revoked" : reason.wireName());
            message = "Your token " + Alerts.token(token.name(), token.id()) + ", revoked on "
                    + Alerts.time(token.revokedAt()) + ", was presented again on " + Alerts.time(at) + " "
                    + Alerts.from(origin.ip(), origin.userAgent()) + ". It was refused, but someone still holds a copy"
                    + " of it: find where it is kept (latchkey scan) and remove it"
                    + (reason == RevocationReason.ROTATED
                            ? ". It had been replaced by rotation, so every token of its family is now revoked as well."
                            : ".");
        } else {
            details.put("expired_at", token.expiresAt().toString());
            message = "Your token " + Alerts.token(token.name(), token.id()) + ", which expired on "
                    + Alerts.time(token.expiresAt()) + ", was presented again on " + Alerts.time(at) + " "
                    + Alerts.from(origin.ip(), origin.userAgent()) + ". It was refused. Whatever still uses it needs a"
                    + " new token (latchkey token regenerate " + token.id() + "); if you do not know what that is,"
                    + " someone else may hold a copy.";
        }
        String key = rule.wireName() + ":" + token.id() + ":" + AlertKeys.shortDigest(origin.ip()) + ":"
                + at.truncatedTo(ChronoUnit.HOURS).getEpochSecond();
        return new NewAlert(token.userId(), token.id(), rule, at, origin.ip(), origin.userAgent(), message, details, key);
    }
}
