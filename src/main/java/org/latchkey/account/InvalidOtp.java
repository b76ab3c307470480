package org.latchkey.account;

import org.latchkey.Refusal;

/** A two-factor code that is wrong, too old, or already used; never says which, nor echoes it. */
public final class InvalidOtp extends Refusal {

    public InvalidOtp() {
        super("Invalid two-factor code.");
    }

    @Override
    public Kind kind() {
        return Kind.UNAUTHENTICATED;
    }

    @Override
    public String code() {
        return "invalid_otp";
    }
}
