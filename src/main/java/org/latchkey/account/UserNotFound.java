package org.latchkey.account;

import org.latchkey.Refusal;

/** No user with that login. */
public final class UserNotFound extends Refusal {

    public UserNotFound() {
        super("Not Found: no such user");
    }

    @Override
    public Kind kind() {
        return Kind.NOT_FOUND;
    }

    @Override
    public String code() {
        return "not_found";
    }
}
