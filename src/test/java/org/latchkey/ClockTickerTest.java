package org.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockTickerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T06:00:00Z"));

    @Test
    void cacheEntries_expire_whenTheInjectedClockMovesPastTheirLifetime() {
        Cache<String, String> cache = Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1))
                .ticker(ClockTicker.of(clock)).executor(Runnable::run).build();
        cache.put("key", "value");

        clock.advance(Duration.ofMinutes(59));
        assertThat(cache.getIfPresent("key")).isEqualTo("value");

        clock.advance(Duration.ofMinutes(1));
        assertThat(cache.getIfPresent("key")).isNull();
        cache.cleanUp();
        assertThat(cache.estimatedSize()).isZero();
    }

    @Test
    void ticks_followTheClock_toTheMillisecond() {
        long before = ClockTicker.of(clock).read();
        clock.advance(Duration.ofMillis(1_500));

        assertThat(ClockTicker.of(clock).read() - before).isEqualTo(Duration.ofMillis(1_500).toNanos());
    }
}
