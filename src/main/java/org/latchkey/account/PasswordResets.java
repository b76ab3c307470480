package org.latchkey.account;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.latchkey.Refusal;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;

/**
 * An administrator resets a user's password: the old one stops working at once, every session of
 * the user ends, and a one-time code (shown once, emailed when SMTP is set, stored as a hash, valid
 * for {@link #LIFETIME}) lets the user choose a new one. A new code replaces the old. Redeeming is
 * throttled like a sign-in, and its refusal never tells whether the login exists.
 */
public final class PasswordResets {

    public static final Duration LIFETIME = Duration.ofHours(1);

    /** A code just issued: shown once to the administrator. */
    public record Issued(User user, String code, Instant expiresAt, boolean emailed) {
        @Override
        public String toString() {
            return "Issued[" + user.login() + ", code hidden]";
        }
    }

    private final UserStore users;
    private final PasswordStore store;
    private final Passwords passwords;
    private final Attempts attempts;
    private final PasswordEvents events;
    private final ResetCodeMail mail;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;

    public PasswordResets(UserStore users, PasswordStore store, Passwords passwords, Attempts attempts, PasswordEvents events,
                          ResetCodeMail mail, AuditLog audit, Clock clock, SecureRandom random) {
        this.users = users;
        this.store = store;
        this.passwords = passwords;
        this.attempts = attempts;
        this.events = events;
        this.mail = mail;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    /** Resets the password of the user with that login; an administrator changes their own password instead. */
    public Issued issue(User admin, String login, Origin origin) {
        User user = (login != null && AccountService.isPossibleLogin(login) ? users.findByLogin(login) : Optional.<User>empty())
                .orElseThrow(() -> Refusal.noSuch("user"));
        if (user.id() == admin.id()) {
            throw AccountRefusals.ownPasswordReset();
        }
        String code = ResetCodes.generate(random);
        Instant now = now();
        Instant expiresAt = now.plus(LIFETIME);
        boolean generated = store.issueResetCode(user.id(), ResetCodes.hash(user.id(), ResetCodes.normalise(code)), now,
                expiresAt, admin.id());
        events.replaced(user, generated);
        boolean emailed = mail.send(user, code, expiresAt);
        Map<String, String> details = Map.of("login", user.login(), "expires_at", expiresAt.toString(),
                "emailed", Boolean.toString(emailed));
        audit.record(AuditAction.PASSWORD_RESET_ISSUED, user.id(), admin.login(), null, origin, details);
        audit.record(AuditAction.PASSWORD_RESET_ISSUED, admin.id(), admin.login(), null, origin, details);
        events.notices().resetIssued(user, admin, expiresAt, origin);
        return new Issued(user, code, expiresAt, emailed);
    }

    /** Sets a new password with a pending code; answers whose it was. */
    public User redeem(String login, String code, String next, Origin origin) {
        PasswordRules.check("new_password", next);
        if (login == null || login.isEmpty() || code == null || code.isBlank()) {
            throw AccountRefusals.resetCodeNotAccepted();
        }
        attempts.checkLocks(login, origin);
        Optional<User> found = AccountService.isPossibleLogin(login) ? users.findByLogin(login) : Optional.empty();
        if (found.isEmpty()) {
            attempts.unknownLogin(origin);
            throw AccountRefusals.resetCodeNotAccepted();
        }
        User user = found.get();
        byte[] hash = ResetCodes.hash(user.id(), ResetCodes.normalise(code));
        Instant now = now();
        boolean pending = store.resetCode(user.id())
                .filter(reset -> MessageDigest.isEqual(reset.codeHash(), hash) && now.isBefore(reset.expiresAt()))
                .isPresent();
        if (!pending || !store.redeemResetCode(user.id(), hash, passwords.hash(next), now)) {
            attempts.failed(user, origin, Map.of("factor", "reset_code"));
            throw AccountRefusals.resetCodeNotAccepted();
        }
        events.replaced(user, false);
        audit.record(AuditAction.PASSWORD_RESET_REDEEMED, user.id(), user.login(), null, origin, Map.of());
        events.notices().resetRedeemed(user, origin);
        return user;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
