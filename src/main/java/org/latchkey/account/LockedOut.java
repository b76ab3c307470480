package org.latchkey.account;

import java.time.Instant;
import org.latchkey.HumanTime;
import org.latchkey.Refusal;

/** Too many failed attempts for one account or from one address; says until when. */
public final class LockedOut extends Refusal {

    LockedOut(String what, Instant until, Instant now) {
        super(Kind.RATE_LIMITED, "locked_out", "Too many failed authentication attempts " + what + ".",
                "Try again after " + HumanTime.format(until) + ".", until(until, now));
    }
}
