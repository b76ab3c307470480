package org.latchkey.auth;

import java.time.Duration;
import java.time.Instant;
import org.latchkey.HumanTime;
import org.latchkey.Refusal;

/** A token used more often than its hourly allowance; carries the status for the headers. */
public final class RateLimited extends Refusal {

    private final RateLimitStatus status;

    RateLimited(RateLimitStatus status, long nowSecond) {
        super(Kind.RATE_LIMITED, "rate_limited", "API rate limit exceeded for this token. The limit resets at "
                + HumanTime.format(Instant.ofEpochSecond(status.resetEpochSecond())) + ".", null,
                Duration.ofSeconds(Math.max(1, status.resetEpochSecond() - nowSecond)));
        this.status = status;
    }

    public RateLimitStatus status() {
        return status;
    }
}
