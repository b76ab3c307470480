package org.latchkey.account;

import java.time.Instant;
import org.latchkey.TryLater;

/** Too many failed attempts for one account or from one address; says until when. */
public final class LockedOut extends TryLater {

    LockedOut(String what, Instant until, Instant now) {
        super("Too many failed authentication attempts " + what + ". Try again after "
                + org.latchkey.HumanTime.format(until) + ".", secondsUntil(until, now));
    }

    @Override
    public String code() {
        return "locked_out";
    }
}
