package org.latchkey.notice;

import org.latchkey.Refusal;

/** No such hook for this user (or it was deleted): the same answer either way. */
public final class HookNotFound extends Refusal {

    public HookNotFound() {
        super("Not Found: no such hook");
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
