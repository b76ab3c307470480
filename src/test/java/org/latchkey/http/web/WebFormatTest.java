package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.latchkey.MutableClock;

class WebFormatTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final WebFormat format = new WebFormat(clock);

    @Test
    void relative_rounds_to_the_nearest_unit_in_both_directions() {
        Instant now = clock.instant();
        assertThat(format.relative(now.minusSeconds(20))).isEqualTo("just now");
        assertThat(format.relative(now.minus(Duration.ofMinutes(1)))).isEqualTo("1 minute ago");
        assertThat(format.relative(now.minus(Duration.ofMinutes(150)))).isEqualTo("3 hours ago");
        assertThat(format.relative(now.plus(Duration.ofDays(7)).minusSeconds(5))).isEqualTo("in 7 days");
        assertThat(format.relative(now.plus(Duration.ofDays(90)))).isEqualTo("in 3 months");
        assertThat(format.relative(null)).isEmpty();
    }

    @Test
    void expires_soon_means_within_seven_days_and_not_yet_expired() {
        Instant now = clock.instant();
        assertThat(format.expiresSoon(now.plus(Duration.ofDays(6)))).isTrue();
        assertThat(format.expiresSoon(now.plus(Duration.ofDays(8)))).isFalse();
        assertThat(format.expiresSoon(now.minusSeconds(1))).isFalse();
        assertThat(format.expiresSoon(null)).isFalse();
        assertThat(format.time(now)).isEqualTo("2026-11-25 10:00:00 UTC");
    }
}
