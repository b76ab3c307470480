package org.latchkey.token;

import org.latchkey.Refusal;

/** A change that the token's current state does not allow, such as regenerating a revoked token. */
public final class TokenConflict extends Refusal {

    public TokenConflict(String message) {
        super(message);
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }

    @Override
    public String code() {
        return "conflict";
    }
}
