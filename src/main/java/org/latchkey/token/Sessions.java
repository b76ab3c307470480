package org.latchkey.token;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.latchkey.account.AccountService;
import org.latchkey.account.Attempts;
import org.latchkey.account.FailedPasswords;
import org.latchkey.account.InvalidLogin;
import org.latchkey.account.InvalidOtp;
import org.latchkey.account.LoginThrottle;
import org.latchkey.account.AccountRefusals;
import org.latchkey.account.Passwords;
import org.latchkey.account.SignInExpired;
import org.latchkey.account.StoredLogin;
import org.latchkey.account.TwoFactor;
import org.latchkey.account.User;
import org.latchkey.account.UserStore;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;

/**
 * Signing in with a password, and a code when the account has two-factor authentication on, for
 * an 8-hour session token, the only kind that may manage tokens; and signing out. Failed passwords
 * and codes count towards the account's and the address's lockout.
 */
public final class Sessions {

    /** The outcome of a browser's password step: signed in, or a ticket for the code step. */
    public record SignInStep(IssuedToken session, String secondFactorTicket) {
        public boolean needsSecondFactor() {
            return session == null;
        }

        @Override
        public String toString() {
            return "SignInStep[" + (session == null ? "second factor needed" : "signed in") + "]";
        }
    }

    private final UserStore users;
    private final Passwords passwords;
    private final Attempts attempts;
    private final TokenService tokens;
    private final TwoFactor twoFactor;
    private final AuditLog audit;

    public Sessions(UserStore users, Passwords passwords, LoginThrottle throttle, TokenService tokens, TwoFactor twoFactor,
                    AuditLog audit) {
        this(users, passwords, throttle, tokens, twoFactor, audit, null);
    }

    /** Sessions whose wrong passwords and codes for an existing account also count towards its alert (null: none). */
    public Sessions(UserStore users, Passwords passwords, LoginThrottle throttle, TokenService tokens, TwoFactor twoFactor,
                    AuditLog audit, FailedPasswords failures) {
        this.users = users;
        this.passwords = passwords;
        this.attempts = new Attempts(users, passwords, throttle, audit, failures);
        this.tokens = tokens;
        this.twoFactor = twoFactor;
        this.audit = audit;
    }

    /** Signs in an account without two-factor authentication. */
    public IssuedToken signIn(String login, String password, Origin origin) {
        return signIn(login, password, null, origin);
    }

    /**
     * Signs in with a password and, when the account has two-factor authentication on, a code from
     * the app or a recovery code ({@code otp}): without one {@link AccountRefusals#otpRequired}, with a wrong one
     * {@link InvalidOtp}. The password is checked first, so only its holder learns that a code is needed.
     */
    public IssuedToken signIn(String login, String password, String otp, Origin origin) {
        User user = checkPassword(login, password, origin);
        if (twoFactor.enabled(user.id())) {
            if (otp == null || otp.isBlank()) {
                throw AccountRefusals.otpRequired();
            }
            twoFactor.verify(user, otp, origin);
        }
        return open(user, origin);
    }

    /**
     * The browser's first step: the password. An account with two-factor authentication on gets a
     * sealed ticket for the code step instead of a session.
     */
    public SignInStep beginSignIn(String login, String password, Origin origin) {
        User user = checkPassword(login, password, origin);
        if (twoFactor.enabled(user.id())) {
            return new SignInStep(null, twoFactor.signInTicket(user));
        }
        return new SignInStep(open(user, origin), null);
    }

    /** The browser's second step: the ticket of the first and a code; {@link SignInExpired} when the ticket is not good. */
    public IssuedToken completeSignIn(String ticket, String code, Origin origin) {
        OptionalLong userId = twoFactor.redeem(ticket);
        User user = (userId.isEmpty() ? Optional.<User>empty() : users.findById(userId.getAsLong()))
                .orElseThrow(SignInExpired::new);
        twoFactor.verify(user, code, origin);
        return open(user, origin);
    }

    /**
     * Asks a signed-in user for the password again (sudo mode); a wrong one counts towards the
     * account's and the address's lockout like a failed sign-in.
     */
    public void confirmPassword(User user, String password, Origin origin) {
        attempts.confirmPassword(user, password, origin);
    }

    /** Records that the user confirmed who they are again in {@code session} (sudo mode), {@code via} a password or an app code. */
    public void sudoConfirmed(User user, Token session, String via, Origin origin) {
        audit.record(AuditAction.SUDO_CONFIRMED, user.id(), user.login(), session.id(), origin, Map.of("via", via));
    }

    public void signOut(User user, Token session, Origin origin) {
        tokens.endSession(session);
        audit.record(AuditAction.SESSION_ENDED, user.id(), user.login(), session.id(), origin);
    }

    private User checkPassword(String login, String password, Origin origin) {
        if (login == null || login.isEmpty() || password == null || password.isEmpty()) {
            throw new InvalidLogin();
        }
        attempts.checkLocks(login, origin);
        var stored = AccountService.isPossibleLogin(login) ? users.findLogin(login) : Optional.<StoredLogin>empty();
        if (stored.isEmpty()) {
            passwords.verifyDecoy(password);
            attempts.unknownLogin(origin);
            throw new InvalidLogin();
        }
        User user = stored.get().user();
        if (!passwords.verify(password, stored.get().passwordHash())) {
            attempts.failed(user, origin, Map.of());
            throw new InvalidLogin();
        }
        refuseDisabled(user);
        return user;
    }

    /** Only after the right password, so a guesser learns nothing of the account's state. */
    private static void refuseDisabled(User user) {
        if (user.disabled()) {
            throw AccountRefusals.accountDisabled();
        }
    }

    private IssuedToken open(User user, Origin origin) {
        refuseDisabled(user);
        IssuedToken session = tokens.issueSession(user);
        audit.record(AuditAction.SESSION_CREATED, user.id(), user.login(), session.token().id(), origin);
        return session;
    }
}
