package org.latchkey.scan;

import org.latchkey.Refusal;

/** Too many leak reports from one address; says when to try again (HTTP 429). */
public final class ReportsThrottled extends Refusal {

    private final long retryAfterSeconds;

    ReportsThrottled(long retryAfterSeconds) {
        super("Too many reports from your address. Try again in " + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
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
        return "rate_limited";
    }
}
