package org.latchkey.account;

import org.latchkey.Refusal;

/** A two-factor step that does not fit the account's state: enabling it twice, confirming nothing, and so on. */
public final class TwoFactorConflict extends Refusal {

    private final String code;

    private TwoFactorConflict(String message, String code) {
        super(message);
        this.code = code;
    }

    static TwoFactorConflict alreadyEnabled() {
        return new TwoFactorConflict("Two-factor authentication is already enabled for this account;"
                + " disable it first to enrol a new authenticator.", "two_factor_already_enabled");
    }

    static TwoFactorConflict notPending() {
        return new TwoFactorConflict("There is no two-factor enrolment waiting for a code; start one first.",
                "two_factor_not_pending");
    }

    static TwoFactorConflict notEnabled() {
        return new TwoFactorConflict("Two-factor authentication is not enabled for this account.", "two_factor_not_enabled");
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }

    @Override
    public String code() {
        return code;
    }
}
