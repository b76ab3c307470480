package org.latchkey.account;

import org.latchkey.Refusal;

/** The refusals of signing in and of two-factor authentication that no caller catches apart. */
public final class AccountRefusals {

    static final String OTP_REQUIRED = "otp_required";
    static final String INVALID_OTP = "invalid_otp";

    private AccountRefusals() {
    }

    /** Whether the refusal asks for a two-factor code (one is missing or was wrong), as GitHub's {@code X-GitHub-OTP} says. */
    public static boolean asksForOtp(Refusal refusal) {
        return refusal.code().equals(OTP_REQUIRED) || refusal.code().equals(INVALID_OTP);
    }

    /** The password was right, and the account has two-factor authentication on: a code must come with it. */
    public static Refusal otpRequired() {
        return Refusal.of(Refusal.Kind.UNAUTHENTICATED, OTP_REQUIRED, "Must specify two-factor authentication OTP code:"
                + " send the code from your authenticator app (or a recovery code) as \"otp\".");
    }

    /**
     * Any token or session of an account an administrator disabled, and its sign-in after a correct
     * password: 403, not "bad credentials", so the holder knows whom to ask; a git credential is kept.
     */
    public static Refusal accountDisabled() {
        return Refusal.of(Refusal.Kind.FORBIDDEN, "account_disabled", "This account is disabled: an administrator"
                + " disabled it, so its tokens and sessions are refused and it cannot sign in.",
                "Ask an administrator of this server to enable it again (latchkey admin user enable LOGIN).");
    }

    static Refusal twoFactorAlreadyEnabled() {
        return Refusal.conflict("two_factor_already_enabled", "Two-factor authentication is already enabled for this account;"
                + " disable it first to enrol a new authenticator.");
    }

    static Refusal twoFactorNotPending() {
        return Refusal.conflict("two_factor_not_pending", "There is no two-factor enrolment waiting for a code;"
                + " start one first.");
    }

    static Refusal twoFactorNotEnabled() {
        return Refusal.conflict("two_factor_not_enabled", "Two-factor authentication is not enabled for this account.");
    }

    static Refusal ownPasswordReset() {
        return Refusal.conflict("own_password_reset", "You cannot reset your own password.",
                "Change it instead: the \"Password and authentication\" page, PUT /api/v1/user/password or `latchkey password`.");
    }

    /** The same answer for an unknown login, a wrong, used or expired code: it tells nothing of who exists. */
    static Refusal resetCodeNotAccepted() {
        return Refusal.of(Refusal.Kind.UNAUTHENTICATED, "reset_code_not_accepted",
                "That user name and reset code do not match a pending password reset (a code works once, for an hour).",
                "Check both, or ask an administrator for a new code.");
    }
}
