package org.latchkey.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.crypto.ServerKey;

/**
 * Two-factor authentication with an authenticator app (TOTP) and one-time recovery codes:
 * enrolment (a secret kept encrypted with the server key, pending until a first code confirms it),
 * checking a code at sign-in or in sudo mode (each accepted at most once; failures count towards the lockout),
 * regenerating recovery codes and disabling. Also seals the short-lived ticket that carries a
 * sign-in from the password step to the code step in the browser, which is not a session.
 */
public final class TwoFactor implements TwoFactorStatus {

    /** How long the code step of a sign-in may come after the password step. */
    public static final Duration SIGN_IN_WINDOW = Duration.ofMinutes(5);
    private static final String TICKET_PURPOSE = "latchkey-sign-in-second-step";

    /** A started enrolment: the secret to show (as text and as a QR code) until it is confirmed. */
    public record Enrolment(String secret, String uri) {
        @Override
        public String toString() {
            return "Enrolment[secret hidden]";
        }
    }

    /** What the settings page shows. */
    public record Status(boolean enabled, boolean pending, int recoveryCodesLeft) {
    }

    /** Which factor was accepted. */
    public enum Factor { APP, RECOVERY_CODE }

    private final TwoFactorStore store;
    private final Totp totp;
    private final ServerKey key;
    private final Attempts attempts;
    private final AuditLog audit;
    private final Clock clock;
    private final UserChanges changes;

    /**
     * {@code failures} (may be null) hears of wrong passwords and codes, for the failed-authentication
     * alert; {@code changes} hears of each user who turns two-factor authentication on or off.
     */
    public TwoFactor(TwoFactorStore store, UserStore users, Passwords passwords, LoginThrottle throttle, ServerKey key,
                     AuditLog audit, Clock clock, FailedPasswords failures, UserChanges changes) {
        this.store = store;
        this.changes = changes;
        this.totp = new Totp(clock);
        this.key = key;
        this.attempts = new Attempts(users, passwords, throttle, audit, failures);
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public boolean enabled(long userId) {
        return store.enabled(userId);
    }

    public Status status(long userId) {
        Optional<TwoFactorRecord> found = store.find(userId);
        boolean enabled = found.map(TwoFactorRecord::isEnabled).orElse(false);
        return new Status(enabled, found.isPresent() && !enabled, enabled ? store.unusedRecoveryCodes(userId) : 0);
    }

    /** Starts (or restarts) an enrolment with a new secret. */
    public Enrolment start(User user) {
        String secret = totp.newSecret();
        if (!store.putPending(user.id(), key.encrypt(secret), now())) {
            throw AccountRefusals.twoFactorAlreadyEnabled();
        }
        return new Enrolment(secret, Totp.uri(secret, user.login()));
    }

    /** The enrolment waiting for its first code, if any. */
    public Optional<Enrolment> pending(User user) {
        return store.find(user.id()).filter(found -> !found.isEnabled())
                .map(found -> key.decrypt(found.secretCiphertext()))
                .map(secret -> new Enrolment(secret, Totp.uri(secret, user.login())));
    }

    /** Confirms the pending enrolment with a first code; answers the ten recovery codes, to be shown this once. */
    public List<String> confirm(User user, String code, Origin origin) {
        Enrolment enrolment = pending(user).orElseThrow(AccountRefusals::twoFactorNotPending);
        attempts.checkLocks(user.login(), origin);
        OptionalLong step = totp.stepOf(enrolment.secret(), RecoveryCodes.normalise(code));
        if (step.isEmpty()) {
            failed(user, origin);
        }
        List<String> codes = RecoveryCodes.generate();
        if (!store.enable(user.id(), step.getAsLong(), RecoveryCodes.hashes(user.id(), codes), now())) {
            throw AccountRefusals.twoFactorNotPending();
        }
        changes.userChanged(user.id());
        audit.record(AuditAction.TWO_FACTOR_ENABLED, user.id(), user.login(), null, origin,
                Map.of("recovery_codes", Integer.toString(codes.size())));
        return codes;
    }

    /**
     * Checks a code from the app or a recovery code, at sign-in or before a sensitive change. Each is
     * accepted once; a wrong, old or used code is a failed attempt and throws {@link InvalidOtp}.
     */
    public Factor verify(User user, String code, Origin origin) {
        attempts.checkLocks(user.login(), origin);
        Optional<TwoFactorRecord> found = store.find(user.id()).filter(TwoFactorRecord::isEnabled);
        String typed = RecoveryCodes.normalise(code);
        if (found.isPresent() && Totp.isCode(typed)) {
            if (appCodeAccepted(user, found.get(), typed)) {
                return Factor.APP;
            }
        } else if (found.isPresent() && RecoveryCodes.isRecoveryCode(typed)
                && store.useRecoveryCode(user.id(), RecoveryCodes.hash(user.id(), typed), now())) {
            audit.record(AuditAction.TWO_FACTOR_RECOVERY_CODE_USED, user.id(), user.login(), null, origin,
                    Map.of("remaining", Integer.toString(store.unusedRecoveryCodes(user.id()))));
            return Factor.RECOVERY_CODE;
        }
        return failed(user, origin);
    }

    /**
     * Checks a code from the app alone, before a sensitive page (sudo mode): as at sign-in, each is
     * accepted once and a wrong, old or used one is a failed attempt ({@link InvalidOtp}). A recovery
     * code is refused ({@link RecoveryCodeNotAccepted}) without being checked, used up or counted.
     */
    public void verifyAppCode(User user, String code, Origin origin) {
        TwoFactorRecord found = store.find(user.id()).filter(TwoFactorRecord::isEnabled)
                .orElseThrow(AccountRefusals::twoFactorNotEnabled);
        attempts.checkLocks(user.login(), origin);
        String typed = RecoveryCodes.normalise(code);
        if (RecoveryCodes.isRecoveryCode(typed)) {
            throw new RecoveryCodeNotAccepted();
        }
        if (!appCodeAccepted(user, found, typed)) {
            failed(user, origin);
        }
    }

    /** New recovery codes in place of all the old ones; the caller has just confirmed the password. */
    public List<String> regenerateRecoveryCodes(User user, Origin origin) {
        List<String> codes = RecoveryCodes.generate();
        if (!store.replaceRecoveryCodes(user.id(), RecoveryCodes.hashes(user.id(), codes), now())) {
            throw AccountRefusals.twoFactorNotEnabled();
        }
        audit.record(AuditAction.TWO_FACTOR_RECOVERY_CODES_REGENERATED, user.id(), user.login(), null, origin,
                Map.of("recovery_codes", Integer.toString(codes.size())));
        return codes;
    }

    /** Turns two-factor authentication off: needs the password and a code (or a recovery code). */
    public void disable(User user, String password, String code, Origin origin) {
        if (!enabled(user.id())) {
            throw AccountRefusals.twoFactorNotEnabled();
        }
        attempts.confirmPassword(user, password, origin);
        verify(user, code, origin);
        store.delete(user.id());
        changes.userChanged(user.id());
        audit.record(AuditAction.TWO_FACTOR_DISABLED, user.id(), user.login(), null, origin);
    }

    /** Drops an enrolment that was never confirmed. */
    public void cancelPending(User user) {
        if (store.find(user.id()).filter(found -> !found.isEnabled()).isPresent()) {
            store.delete(user.id());
        }
    }

    /**
     * A sealed ticket saying "this user gave the right password" for {@link #SIGN_IN_WINDOW}: the
     * user's id and the deadline, encrypted and authenticated with the server key (so any node of a
     * cluster can read it), in URL-safe base64 for a cookie.
     */
    public String signInTicket(User user) {
        long deadline = clock.instant().plus(SIGN_IN_WINDOW).getEpochSecond();
        String sealed = key.encrypt(TICKET_PURPOSE + "|" + user.id() + "|" + deadline);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Base64.getDecoder().decode(sealed));
    }

    /** The user id in a ticket that is genuine and not past its deadline. */
    public OptionalLong redeem(String ticket) {
        if (ticket == null || ticket.isEmpty() || ticket.length() > 512) {
            return OptionalLong.empty();
        }
        try {
            String plain = key.decrypt(Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(ticket)));
            String[] parts = plain.split("\\|");
            if (parts.length != 3 || !parts[0].equals(TICKET_PURPOSE)
                    || clock.instant().getEpochSecond() >= Long.parseLong(parts[2])) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(parts[1]));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return OptionalLong.empty();
        }
    }

    private boolean appCodeAccepted(User user, TwoFactorRecord found, String typed) {
        OptionalLong step = totp.stepOf(key.decrypt(found.secretCiphertext()), typed);
        return step.isPresent() && store.useStep(user.id(), step.getAsLong());
    }

    private Factor failed(User user, Origin origin) {
        attempts.failed(user, origin, Map.of("factor", "two_factor"));
        throw new InvalidOtp();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
