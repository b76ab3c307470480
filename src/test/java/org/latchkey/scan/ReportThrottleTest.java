package org.latchkey.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.latchkey.MutableClock;
import org.latchkey.Refusal;

/** The leak report allowance: a sliding window per address, told by the injected clock. */
class ReportThrottleTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final ReportThrottle throttle = new ReportThrottle(clock, 10, Duration.ofMinutes(1));

    @Test
    void ten_calls_a_minute_then_one_more_as_each_leaves_the_window() {
        for (int i = 0; i < 10; i++) {
            throttle.acquire("192.0.2.1");
            clock.advance(Duration.ofSeconds(5));
        }

        assertThatThrownBy(() -> throttle.acquire("192.0.2.1")).isInstanceOfSatisfying(Refusal.class, refused -> {
                    assertThat(refused.kind()).isEqualTo(Refusal.Kind.RATE_LIMITED);
                    assertThat(refused.retryAfter()).contains(Duration.ofSeconds(10));
                });
        throttle.acquire("198.51.100.7");
        clock.advance(Duration.ofSeconds(10));
        throttle.acquire("192.0.2.1");
        assertThatThrownBy(() -> throttle.acquire("192.0.2.1")).isInstanceOfSatisfying(Refusal.class, refused -> assertThat(refused.code()).isEqualTo("rate_limited"));
        clock.advance(Duration.ofSeconds(5));
        throttle.acquire("192.0.2.1");
    }
}
