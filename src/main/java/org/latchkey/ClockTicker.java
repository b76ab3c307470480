package org.latchkey;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * A Caffeine {@link Ticker} that reads the injected clock, so that a cache's entries expire as that
 * clock moves. It reads milliseconds: the system clock answers them without allocating, which
 * matters on the authentication path, and caches expire entries after minutes or hours.
 */
public final class ClockTicker {

    private ClockTicker() {
    }

    public static Ticker of(Clock clock) {
        return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }
}
