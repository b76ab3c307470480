package org.latchkey.account;

import java.util.Map;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;

/**
 * Where password and two-factor checks meet the lockout rules: locks are checked before any
 * check, and every failure counts towards the account's and the address's lockout, is audited,
 * and counts towards the account's failed-authentication alert (as a wrong password: a wrong code
 * comes after the right password).
 */
public final class Attempts {

    private final UserStore users;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final FailedPasswords failures;

    /** {@code failures} may be null: no alert. */
    public Attempts(UserStore users, Passwords passwords, LoginThrottle throttle, AuditLog audit, FailedPasswords failures) {
        this.failures = failures;
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
        this.audit = audit;
    }

    public void checkLocks(String login, Origin origin) {
        throttle.checkIp(origin.ip());
        throttle.checkUser(login);
    }

    /** Checks a known user's password; a wrong one is a counted failure. */
    public void confirmPassword(User user, String password, Origin origin) {
        checkLocks(user.login(), origin);
        var stored = users.findLogin(user.login());
        if (password == null || password.isEmpty() || stored.isEmpty()
                || !passwords.verify(password, stored.get().passwordHash())) {
            failed(user, origin, Map.of());
            throw new InvalidLogin();
        }
    }

    /** A failed sign-in with a login that names no account: only the address is counted. */
    public void unknownLogin(Origin origin) {
        throttle.ipFailed(origin.ip());
    }

    /** A failed password or code for a known account. */
    public void failed(User user, Origin origin, Map<String, String> details) {
        boolean ipLocked = throttle.ipFailed(origin.ip());
        boolean userLocked = throttle.userFailed(user.login());
        audit.record(AuditAction.SESSION_FAILED, user.id(), null, null, origin, details);
        if (failures != null) {
            failures.failed(user.id(), user.login(), origin);
        }
        if (userLocked || ipLocked) {
            audit.record(AuditAction.LOGIN_LOCKED_OUT, user.id(), null, null, origin,
                    Map.of("locked", userLocked ? "account" : "address"));
        }
    }
}
