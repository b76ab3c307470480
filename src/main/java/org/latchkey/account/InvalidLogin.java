package org.latchkey.account;

import org.latchkey.Refusal;

/** A login with an unknown user name or a wrong password: the same answer either way. */
public final class InvalidLogin extends Refusal {

    public InvalidLogin() {
        super("Incorrect username or password.");
    }

    @Override
    public Kind kind() {
        return Kind.UNAUTHENTICATED;
    }

    @Override
    public String code() {
        return "bad_credentials";
    }
}
