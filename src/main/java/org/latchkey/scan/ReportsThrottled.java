package org.latchkey.scan;

import org.latchkey.TryLater;

/** Too many leak reports from one address; says when to try again (HTTP 429). */
public final class ReportsThrottled extends TryLater {

    ReportsThrottled(long retryAfterSeconds) {
        super("Too many reports from your address. Try again in " + retryAfterSeconds + " seconds.", retryAfterSeconds);
    }

    @Override
    public String code() {
        return "rate_limited";
    }
}
