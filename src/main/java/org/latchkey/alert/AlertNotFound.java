package org.latchkey.alert;

import org.latchkey.Refusal;

/** No alert of the caller's account has that id (another account's alert is not told apart). */
public final class AlertNotFound extends Refusal {

    public AlertNotFound() {
        super("Not Found");
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
