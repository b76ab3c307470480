package org.latchkey.account;

import org.latchkey.Refusal;

/** The second step of a sign-in came too late (or without its first step): start again with the password. */
public final class SignInExpired extends Refusal {

    public SignInExpired() {
        super(Kind.UNAUTHENTICATED, "sign_in_expired", "This sign-in took too long or was not started here;"
                + " sign in again with your password.", null, null);
    }
}
