package org.latchkey;

import java.time.Duration;
import java.time.Instant;

/** A refusal for now, not for good (HTTP 429): it says in how many seconds to try again. */
public abstract class TryLater extends Refusal {

    private final long retryAfterSeconds;

    protected TryLater(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The seconds from {@code now} to {@code until}, at least one. */
    protected static long secondsUntil(Instant until, Instant now) {
        return Math.max(1, Duration.between(now, until).toSeconds());
    }

    public final long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public final Kind kind() {
        return Kind.RATE_LIMITED;
    }
}
