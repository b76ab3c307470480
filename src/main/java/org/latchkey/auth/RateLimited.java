package org.latchkey.auth;

import org.latchkey.Refusal;

/** A token used more often than its hourly allowance; carries the status for the headers. */
public final class RateLimited extends Refusal {

    private final RateLimitStatus status;
    private final long retryAfterSeconds;

    RateLimited(RateLimitStatus status, long nowSecond) {
        super("API rate limit exceeded for this token. The limit resets at "
                + org.latchkey.HumanTime.format(java.time.Instant.ofEpochSecond(status.resetEpochSecond())) + ".");
        this.status = status;
        this.retryAfterSeconds = Math.max(1, status.resetEpochSecond() - nowSecond);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public RateLimitStatus status() {
        return status;
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
