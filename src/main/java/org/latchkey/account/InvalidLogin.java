package org.latchkey.account;

import org.latchkey.Refusal;

/** A login with an unknown user name or a wrong password: the same answer either way. */
public final class InvalidLogin extends Refusal {

    public InvalidLogin() {
        super(Kind.UNAUTHENTICATED, "bad_credentials", "Incorrect username or password.", null, null);
    }
}
