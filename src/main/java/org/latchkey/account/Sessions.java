package org.latchkey.account;

import java.util.Map;
import java.util.Optional;
import org.latchkey.alert.FailedAuthentications;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.token.IssuedToken;
import org.latchkey.token.Token;
import org.latchkey.token.TokenService;

/**
 * Signing in with a password for an 8-hour session token, the only kind that may manage tokens,
 * and signing out. Failed logins count towards the account's and the address's lockout.
 */
public final class Sessions {

    private final UserStore users;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final TokenService tokens;
    private final AuditLog audit;
    private final FailedAuthentications failures;

    public Sessions(UserStore users, Passwords passwords, LoginThrottle throttle, TokenService tokens, AuditLog audit) {
        this(users, passwords, throttle, tokens, audit, null);
    }

    /** Sessions whose wrong passwords for an existing account also count towards its alert (null: none). */
    public Sessions(UserStore users, Passwords passwords, LoginThrottle throttle, TokenService tokens, AuditLog audit,
                    FailedAuthentications failures) {
        this.failures = failures;
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
        this.tokens = tokens;
        this.audit = audit;
    }

    public IssuedToken signIn(String login, String password, Origin origin) {
        if (login == null || login.isEmpty() || password == null || password.isEmpty()) {
            throw new InvalidLogin();
        }
        throttle.checkIp(origin.ip());
        throttle.checkUser(login);
        var stored = AccountService.isPossibleLogin(login) ? users.findLogin(login) : Optional.<StoredLogin>empty();
        if (stored.isEmpty()) {
            passwords.verifyDecoy(password);
            throttle.ipFailed(origin.ip());
            throw new InvalidLogin();
        }
        User user = stored.get().user();
        if (!passwords.verify(password, stored.get().passwordHash())) {
            recordFailure(user, origin);
            throw new InvalidLogin();
        }
        IssuedToken session = tokens.issueSession(user);
        audit.record(AuditAction.SESSION_CREATED, user.id(), user.login(), session.token().id(), origin);
        return session;
    }

    /**
     * Asks a signed-in user for the password again (sudo mode); a wrong one counts towards the
     * account's and the address's lockout like a failed sign-in.
     */
    public void confirmPassword(User user, String password, Origin origin) {
        throttle.checkIp(origin.ip());
        throttle.checkUser(user.login());
        var stored = users.findLogin(user.login());
        if (password == null || password.isEmpty() || stored.isEmpty()
                || !passwords.verify(password, stored.get().passwordHash())) {
            recordFailure(user, origin);
            throw new InvalidLogin();
        }
    }

    public void signOut(User user, Token session, Origin origin) {
        tokens.endSession(session);
        audit.record(AuditAction.SESSION_ENDED, user.id(), user.login(), session.id(), origin);
    }

    private void recordFailure(User user, Origin origin) {
        boolean ipLocked = throttle.ipFailed(origin.ip());
        boolean userLocked = throttle.userFailed(user.login());
        audit.record(AuditAction.SESSION_FAILED, user.id(), null, null, origin);
        if (failures != null) {
            failures.failed(user.id(), user.login(), FailedAuthentications.Kind.PASSWORD, origin);
        }
        if (userLocked || ipLocked) {
            audit.record(AuditAction.LOGIN_LOCKED_OUT, user.id(), null, null, origin,
                    Map.of("locked", userLocked ? "account" : "address"));
        }
    }
}
