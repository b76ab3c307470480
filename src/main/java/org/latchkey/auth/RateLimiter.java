package org.latchkey.auth;

import java.time.Clock;
import org.latchkey.account.SharedCounts;

/**
 * Fixed hourly windows per token, as GitHub counts: the window starts at a token's first request
 * and resets an hour later. A limit of 0 turns limiting off. Across a cluster the allowance is
 * shared through {@link SharedCounts} (see {@link RateWindow}), without a round trip per request.
 */
public final class RateLimiter {

    private static final long WINDOW_SECONDS = 3600;

    private final int limitPerHour;
    private final Clock clock;
    private final SharedCounts shared;

    public RateLimiter(int limitPerHour, Clock clock) {
        this(limitPerHour, clock, SharedCounts.local(clock));
    }

    public RateLimiter(int limitPerHour, Clock clock, SharedCounts shared) {
        this.limitPerHour = limitPerHour;
        this.clock = clock;
        this.shared = shared;
    }

    /** Counts one request by this principal, or throws {@link RateLimited} past the allowance. */
    public RateLimitStatus acquire(Principal principal) {
        if (limitPerHour == 0) {
            return RateLimitStatus.UNLIMITED;
        }
        long now = clock.millis() / 1000;
        RateLimitStatus status = principal.rateWindow().acquire(now, WINDOW_SECONDS, limitPerHour, shared,
                principal.token().id());
        if (!status.allowed()) {
            throw new RateLimited(status, now);
        }
        return status;
    }
}
