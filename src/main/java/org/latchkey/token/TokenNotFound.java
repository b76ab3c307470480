package org.latchkey.token;

import org.latchkey.Refusal;

/** No such token for this user (or it was deleted): the same answer either way. */
public final class TokenNotFound extends Refusal {

    public TokenNotFound() {
        super("Not Found: no such token");
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
