package org.latchkey.account;

import org.latchkey.Refusal;

/** A recovery code where only the app's code will do (sudo mode): it is for a lost device, and is neither checked nor used up. */
public final class RecoveryCodeNotAccepted extends Refusal {

    RecoveryCodeNotAccepted() {
        super(Kind.INVALID_FIELD, "recovery_code_not_accepted", "A recovery code cannot confirm access: enter the 6-digit"
                + " code from your authenticator app, or your password.", null, null);
    }
}
