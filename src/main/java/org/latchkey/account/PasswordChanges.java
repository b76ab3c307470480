package org.latchkey.account;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.latchkey.InvalidField;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;

/**
 * A signed-in user changes their own password, as in sudo mode: the current password (a wrong one
 * counts towards the same lockout and alert as a wrong sign-in) and, when two-factor authentication
 * is on, a code. The new one meets the creation rules and differs from the current one. Every other
 * session of the user ends at once, on every node; the session used stays, and tokens stay valid.
 */
public final class PasswordChanges {

    private final PasswordStore store;
    private final Passwords passwords;
    private final Attempts attempts;
    private final TwoFactor twoFactor;
    private final PasswordEvents events;
    private final AuditLog audit;
    private final Clock clock;

    public PasswordChanges(PasswordStore store, Passwords passwords, Attempts attempts, TwoFactor twoFactor,
                           PasswordEvents events, AuditLog audit, Clock clock) {
        this.store = store;
        this.passwords = passwords;
        this.attempts = attempts;
        this.twoFactor = twoFactor;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    /** Changes the password of {@code user}, signed in with the session {@code sessionId}, which stays. */
    public void change(User user, long sessionId, String current, String next, String otp, Origin origin) {
        if (current == null || current.isEmpty()) {
            throw InvalidField.missing("current_password");
        }
        PasswordRules.check("new_password", next);
        if (next.equals(current)) {
            throw InvalidField.invalid("new_password", "must differ from your current password");
        }
        try {
            attempts.confirmPassword(user, current, origin);
        } catch (InvalidLogin wrong) {
            throw InvalidField.invalid("current_password", "is not your current password");
        }
        if (twoFactor.enabled(user.id())) {
            if (otp == null || otp.isBlank()) {
                throw AccountRefusals.otpRequired();
            }
            twoFactor.verify(user, otp, origin);
        }
        boolean generated = store.replace(user.id(), passwords.hash(next), sessionId,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        events.replaced(user, generated);
        audit.record(AuditAction.PASSWORD_CHANGED, user.id(), user.login(), sessionId, origin,
                Map.of("other_sessions", "ended", "tokens", "unchanged"));
        events.notices().changed(user, origin);
    }
}
