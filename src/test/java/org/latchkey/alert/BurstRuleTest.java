package org.latchkey.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurstRuleTest {

    private static final Instant HOUR = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant MONTH_AGO = HOUR.minus(Duration.ofDays(30));

    @Test
    void tenTimesTheHourlyAverage_aboveTheFloor_isABurst() {
        // 7 days of 12 uses an hour: 2016 uses over 168 hours
        NewAlert alert = BurstRule.alert(update(MONTH_AGO, 2016, 605));

        assertThat(alert).isNotNull();
        assertThat(alert.rule()).isEqualTo(AlertRule.USAGE_BURST);
        assertThat(alert.details()).containsEntry("uses_in_hour", "605").containsEntry("hourly_average", "12.0")
                .containsEntry("average_over_hours", "168");
        assertThat(alert.message()).contains("'ci' (id 5) was used 605 times in the hour from 2026-11-25 10:00:00 UTC",
                "against 12.0 an hour");
        assertThat(alert.key()).isEqualTo("usage_burst:5:" + HOUR.getEpochSecond());
    }

    @Test
    void belowTenTimes_orBelowTheFloor_isNoBurst() {
        assertThat(BurstRule.alert(update(MONTH_AGO, 168 * 60, 600))).as("ten times 60 is 600").isNull();
        assertThat(BurstRule.alert(update(MONTH_AGO, 0, BurstRule.FLOOR - 1))).as("under the floor").isNull();
        assertThat(BurstRule.alert(update(MONTH_AGO, 0, BurstRule.FLOOR))).as("an idle token's first busy hour").isNotNull();
    }

    @Test
    void aYoungToken_averagesOverItsOwnHours_andNeedsADayOfHistory() {
        Instant twoDaysAgo = HOUR.minus(Duration.ofDays(2));
        NewAlert young = BurstRule.alert(update(twoDaysAgo, 48 * 50, 500));
        NewAlert burst = BurstRule.alert(update(twoDaysAgo, 48 * 40, 401 + 100));

        assertThat(young).as("50 an hour over 48 hours: 500 is not more than ten times").isNull();
        assertThat(burst).isNotNull();
        assertThat(burst.details()).containsEntry("average_over_hours", "48");
        assertThat(BurstRule.alert(update(HOUR.minus(Duration.ofHours(23)), 0, 5000))).as("under a day old").isNull();
        assertThat(BurstRule.alert(new PatternUpdate(5, 9, "ci", null, List.of(), List.of(), HOUR, HOUR, 5000, 0)))
                .as("first recorded use").isNull();
    }

    private static PatternUpdate update(Instant firstUse, long previousUses, long hourUses) {
        return new PatternUpdate(5, 9, "ci", new UsagePattern(firstUse, previousUses + hourUses, 1, 1), List.of(), List.of(),
                HOUR.plus(Duration.ofMinutes(20)), HOUR, hourUses, previousUses);
    }
}
