package org.latchkey.scan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import org.latchkey.ClockTicker;
import org.latchkey.Refusal;

/**
 * Limits how often one address may report leaked credentials: at most {@code calls} within a
 * sliding {@code window}. The endpoint needs no authentication, so this is what keeps it from
 * being used to try secrets in bulk.
 */
public final class ReportThrottle {

    public static final int DEFAULT_CALLS = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

    private final Clock clock;
    private final int calls;
    private final Duration window;
    private final Cache<String, Calls> byAddress;

    public ReportThrottle(Clock clock) {
        this(clock, DEFAULT_CALLS, DEFAULT_WINDOW);
    }

    public ReportThrottle(Clock clock, int calls, Duration window) {
        if (calls < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a throttle needs calls >= 1 and a positive window, got " + calls + ", " + window);
        }
        this.clock = clock;
        this.calls = calls;
        this.window = window;
        this.byAddress = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(window)
                .ticker(ClockTicker.of(clock)).build();
    }

    /** Counts a call from the address, or refuses it when the address has used its allowance. */
    public void acquire(String address) {
        String key = address == null ? "" : address;
        byAddress.get(key, k -> new Calls()).acquire(clock.instant(), calls, window);
    }

    private static final class Calls {
        private final ArrayDeque<Instant> times = new ArrayDeque<>();

        synchronized void acquire(Instant now, int calls, Duration window) {
            Instant windowStart = now.minus(window);
            while (!times.isEmpty() && !times.peekFirst().isAfter(windowStart)) {
                times.pollFirst();
            }
            if (times.size() >= calls) {
                Instant free = times.peekFirst().plus(window);
                throw throttled(Refusal.until(free, now));
            }
            times.addLast(now);
        }

        private static Refusal throttled(Duration retryAfter) {
            return Refusal.tryLater("rate_limited", "Too many reports from your address.",
                    "Try again in " + retryAfter.toSeconds() + " seconds.", retryAfter);
        }
    }
}
