package org.latchkey.scan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import org.latchkey.ClockTicker;
import org.latchkey.Refusal;
import org.latchkey.account.SharedCounts;
import org.latchkey.account.SharedCounts.Kind;

/**
 * Limits how often one address may call an endpoint that needs no authentication (leak reports,
 * the OIDC token exchange): at most {@code calls} within a sliding {@code window}, so that it cannot
 * be used to try secrets in bulk. Across a cluster the allowance is shared through
 * {@link SharedCounts} (keyed by {@code what} and the address): this node's calls in the window plus
 * the other nodes' as of the last sync, counted in five-second buckets.
 */
public final class ReportThrottle {

    public static final int DEFAULT_CALLS = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

    private final Clock clock;
    private final int calls;
    private final Duration window;
    private final Cache<String, Calls> byAddress;
    private final String what;
    private final SharedCounts shared;

    public ReportThrottle(Clock clock) {
        this(clock, DEFAULT_CALLS, DEFAULT_WINDOW);
    }

    /** Leak reports' default limit, shared with other nodes through {@code shared}. */
    public ReportThrottle(Clock clock, SharedCounts shared) {
        this(clock, DEFAULT_CALLS, DEFAULT_WINDOW, "reports", shared);
    }

    public ReportThrottle(Clock clock, int calls, Duration window) {
        this(clock, calls, window, "reports");
    }

    /** {@code what} names the calls in the refusal ("Too many exchanges from your address."). */
    public ReportThrottle(Clock clock, int calls, Duration window, String what) {
        this(clock, calls, window, what, SharedCounts.local(clock));
    }

    public ReportThrottle(Clock clock, int calls, Duration window, String what, SharedCounts shared) {
        if (calls < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a throttle needs calls >= 1 and a positive window, got " + calls + ", " + window);
        }
        this.clock = clock;
        this.calls = calls;
        this.window = window;
        this.what = what;
        this.shared = shared;
        this.byAddress = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(window)
                .ticker(ClockTicker.of(clock)).build();
    }

    /** Counts a call from the address, or refuses it when the address has used its allowance. */
    public void acquire(String address) {
        String key = address == null ? "" : address;
        Instant now = clock.instant();
        long elsewhere = 0;
        long earliestElsewhere = Long.MAX_VALUE;
        String sharedKey = what + ":" + key;
        if (shared.enabled()) {
            long from = now.getEpochSecond() - window.toSeconds() + 1;
            elsewhere = shared.othersSince(Kind.CALL, sharedKey, from);
            earliestElsewhere = shared.othersEarliest(Kind.CALL, sharedKey, from - Kind.CALL.bucketSeconds(), Long.MAX_VALUE);
        }
        byAddress.get(key, k -> new Calls()).acquire(now, calls, window, what, elsewhere, earliestElsewhere);
        shared.add(Kind.CALL, sharedKey, now.getEpochSecond(), 1);
    }

    private static final class Calls {
        private final ArrayDeque<Instant> times = new ArrayDeque<>();

        /** {@code elsewhere}: the other nodes' calls in the window, the earliest in the bucket starting {@code earliestElsewhere}. */
        synchronized void acquire(Instant now, int calls, Duration window, String what, long elsewhere,
                                  long earliestElsewhere) {
            Instant windowStart = now.minus(window);
            while (!times.isEmpty() && !times.peekFirst().isAfter(windowStart)) {
                times.pollFirst();
            }
            if (times.size() + elsewhere >= calls) {
                Instant first = times.isEmpty() ? Instant.MAX : times.peekFirst();
                if (earliestElsewhere != Long.MAX_VALUE && Instant.ofEpochSecond(earliestElsewhere).isBefore(first)) {
                    first = Instant.ofEpochSecond(earliestElsewhere + Kind.CALL.bucketSeconds());
                }
                Instant free = first.plus(window);
                throw throttled(Refusal.until(free, now), what);
            }
            times.addLast(now);
        }

        private static Refusal throttled(Duration retryAfter, String what) {
            return Refusal.tryLater("rate_limited", "Too many " + what + " from your address.",
                    "Try again in " + retryAfter.toSeconds() + " seconds.", retryAfter);
        }
    }
}
