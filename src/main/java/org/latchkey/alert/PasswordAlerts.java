package org.latchkey.alert;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.latchkey.account.PasswordNotices;
import org.latchkey.account.User;
import org.latchkey.audit.Origin;

/**
 * Rule: every change of a password is an alert to the account's owner (and so a notice, by email
 * when SMTP is set): if it was not them, they learn it at once. Never holds the password or a code.
 * Each change is its own event, so its key is unique (a random part), never deduplicated.
 */
public final class PasswordAlerts implements PasswordNotices {

    private static final String NOT_YOU = " If that was not you, your account may be in someone else's hands: tell an"
            + " administrator at once.";

    private final Alerts alerts;
    private final Clock clock;

    public PasswordAlerts(Alerts alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    public void changed(User user, Origin origin) {
        raise(user, AlertRule.PASSWORD_CHANGED, origin, "The password of " + user.login() + " was changed "
                + Alerts.from(origin.ip(), origin.userAgent()) + ". Every other session was signed out; personal access"
                + " tokens keep working." + NOT_YOU, Map.of());
    }

    @Override
    public void resetIssued(User user, User admin, Instant expiresAt, Origin origin) {
        raise(user, AlertRule.PASSWORD_RESET, origin,
                "The administrator " + admin.login() + " reset the password of " + user.login() + ": the old password no"
                + " longer works and every session was signed out; personal access tokens keep working. Choose a new"
                + " password on the server's /password-reset page with the reset code the administrator gives you"
                + " (it works once, until " + Alerts.time(expiresAt) + ").", Map.of("by", admin.login()));
    }

    @Override
    public void resetRedeemed(User user, Origin origin) {
        raise(user, AlertRule.PASSWORD_RESET, origin, "A new password was chosen for "
                + user.login() + " with a reset code " + Alerts.from(origin.ip(), origin.userAgent()) + "." + NOT_YOU,
                Map.of("redeemed", "true"));
    }

    private void raise(User user, AlertRule rule, Origin origin, String message, Map<String, String> details) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        alerts.raise(new NewAlert(user.id(), null, rule, at, origin.ip(), origin.userAgent(), message, details,
                rule.wireName() + ":" + user.id() + ":" + at.toEpochMilli() + ":" + java.util.UUID.randomUUID()));
    }
}
