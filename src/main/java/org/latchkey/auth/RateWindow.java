package org.latchkey.auth;

/** One token's count of requests in its current fixed window. */
final class RateWindow {

    private boolean started;
    private long windowStart;
    private int used;

    /** Counts one request at {@code nowSecond}, unless the allowance is spent (then {@code remaining} is 0 and nothing is counted). */
    synchronized RateLimitStatus acquire(long nowSecond, long windowSeconds, int limit) {
        if (!started || nowSecond - windowStart >= windowSeconds) {
            started = true;
            windowStart = nowSecond;
            used = 0;
        }
        long reset = windowStart + windowSeconds;
        if (used >= limit) {
            return new RateLimitStatus(limit, 0, used, reset, false);
        }
        used++;
        return new RateLimitStatus(limit, limit - used, used, reset, true);
    }
}
