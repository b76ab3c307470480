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
 * Limits how often one address may call an endpoint that needs no authentication (leak reports,
 * the OIDC token exchange): at most {@code calls} within a sliding {@code window}, so that it cannot
 * be used to try secrets in bulk.
 */
public final class ReportThrottle {

    public static final int DEFAULT_CALLS = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

    private final Clock clock;
    private final int calls;
    private final Duration window;
    private final Cache<String, Calls> byAddress;
    private final String what;

    public ReportThrottle(Clock clock) {
        this(clock, DEFAULT_CALLS, DEFAULT_WINDOW);
    }

    public ReportThrottle(Clock clock, int calls, Duration window) {
        this(clock, calls, window, "reports");
    }

    /** {@code what} names the calls in the refusal ("Too many exchanges from your address."). */
    public ReportThrottle(Clock clock, int calls, Duration window, String what) {
        if (calls < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a throttle needs calls >= 1 and a positive window, got " + calls + ", " + window);
        }
        this.clock = clock;
        this.calls = calls;
        this.window = window;
        this.what = what;
        this.byAddress = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(window)
                .ticker(ClockTicker.of(clock)).build();
    }

    /** Counts a call from the address, or refuses it when the address has used its allowance. */
    public void acquire(String address) {
        String key = address == null ? "" : address;
        byAddress.get(key, k -> new Calls()).acquire(clock.instant(), calls, window, what);
    }

    private static final class Calls {
        private final ArrayDeque<Instant> times = new ArrayDeque<>();

        synchronized void acquire(Instant now, int calls, Duration window, String what) {
            Instant windowStart = now.minus(window);
            while (!times.isEmpty() && !times.peekFirst().isAfter(windowStart)) {
                times.pollFirst();
            }
            if (times.size() >= calls) {
                Instant free = times.peekFirst().plus(window);
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
