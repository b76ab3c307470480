package org.latchkey.account;

import org.latchkey.Refusal;

/** The password was right, and the account has two-factor authentication on: a code must come with it. */
public final class OtpRequired extends Refusal {

    public OtpRequired() {
        super("Must specify two-factor authentication OTP code: send the code from your authenticator app"
                + " (or a recovery code) as \"otp\".");
    }

    @Override
    public Kind kind() {
        return Kind.UNAUTHENTICATED;
    }

    @Override
    public String code() {
        return "otp_required";
    }
}
