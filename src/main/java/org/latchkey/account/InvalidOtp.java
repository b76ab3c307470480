package org.latchkey.account;

import org.latchkey.Refusal;

/** A two-factor code that is wrong, too old, or already used; never says which, nor echoes it. */
public final class InvalidOtp extends Refusal {

    public InvalidOtp() {
        super(Kind.UNAUTHENTICATED, AccountRefusals.INVALID_OTP, "Invalid two-factor code.", null, null);
    }
}
