package org.latchkey.account;

import java.time.Duration;
import java.time.Instant;
import org.latchkey.Refusal;

/** Too many failed attempts for one account or from one address; says until when. */
public final class LockedOut extends Refusal {

    private final long retryAfterSeconds;

    LockedOut(String what, Instant until, Instant now) {
        super("Too many failed authentication attempts " + what + ". Try again after "
                + org.latchkey.HumanTime.format(until) + ".");
        this.retryAfterSeconds = Math.max(1, Duration.between(now, until).toSeconds());
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public Kind kind() {
        return Kind.RATE_LIMITED;
    }

    @Override
    public String code() {
        return "locked_out";
    }
}
