package org.latchkey.auth;

import org.latchkey.account.SharedCounts;
import org.latchkey.account.SharedCounts.Kind;

/**
 * One token's count of requests in its current fixed window. Across a cluster a new window starts
 * where the other nodes' window for the token started (to their counts' minute), and the
 * allowance is shared: this node's count plus the others' as of the last sync. Other fixed hourly
 * allowances (introspection per app) use it with a key of their own.
 */
public class RateWindow {

    private boolean started;
    private long windowStart;
    private int used;

    /** Counts one request at {@code nowSecond}, unless the allowance is spent (then {@code remaining} is 0 and nothing is counted). */
    synchronized RateLimitStatus acquire(long nowSecond, long windowSeconds, int limit, SharedCounts shared, long tokenId) {
        return acquire(nowSecond, windowSeconds, limit, shared, shared.enabled() ? Long.toString(tokenId) : null);
    }

    /** As for a token, with the shared counts kept under {@code key} (never a bare number: those are tokens'). */
    public synchronized RateLimitStatus acquire(long nowSecond, long windowSeconds, int limit, SharedCounts shared,
                                                String key) {
        boolean cluster = shared.enabled();
        if (!started || nowSecond - windowStart >= windowSeconds) {
            started = true;
            windowStart = cluster ? shared.othersEarliest(Kind.RATE, key, nowSecond - windowSeconds + 1, nowSecond) : nowSecond;
            used = 0;
        }
        long reset = windowStart + windowSeconds;
        long elsewhere = cluster ? shared.othersSince(Kind.RATE, key, windowStart) : 0;
        int total = (int) Math.min(limit, used + elsewhere);
        if (used + elsewhere >= limit) {
            return new RateLimitStatus(limit, 0, total, reset, false);
        }
        used++;
        if (cluster) {
            shared.add(Kind.RATE, key, nowSecond, 1);
        }
        return new RateLimitStatus(limit, limit - total - 1, total + 1, reset, true);
    }
}
