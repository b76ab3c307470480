package org.latchkey.auth;

import org.latchkey.TryLater;

/** A token used more often than its hourly allowance; carries the status for the headers. */
public final class RateLimited extends TryLater {

    private final RateLimitStatus status;

    RateLimited(RateLimitStatus status, long nowSecond) {
        super("API rate limit exceeded for this token. The limit resets at "
                + org.latchkey.HumanTime.format(java.time.Instant.ofEpochSecond(status.resetEpochSecond())) + ".",
                Math.max(1, status.resetEpochSecond() - nowSecond));
        this.status = status;
    }

    public RateLimitStatus status() {
        return status;
    }

    @Override
    public String code() {
        return "rate_limited";
    }
}
