package org.latchkey.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewOriginRuleTest {

    private static final Instant FIRST_USE = Instant.parse("2026-11-20T08:00:00Z");
    private static final Instant LATER = FIRST_USE.plus(Duration.ofDays(4));
    private static final PatternUpdate.Sighting NEW_IP = new PatternUpdate.Sighting("198.51.100.7", LATER);
    private static final PatternUpdate.Sighting NEW_AGENT = new PatternUpdate.Sighting("evil/1.0", LATER);

    @Test
    void newAddress_afterAnEstablishedPattern_raisesOneAlertNamingTheAddress() {
        List<NewAlert> alerts = NewOriginRule.alerts(update(new UsagePattern(FIRST_USE, 40, 1, 1), List.of(NEW_IP), List.of()));

        assertThat(alerts).hasSize(1);
        NewAlert alert = alerts.get(0);
        assertThat(alert.rule()).isEqualTo(AlertRule.NEW_IP);
        assertThat(alert.ip()).isEqualTo("198.51.100.7");
        assertThat(alert.at()).isEqualTo(LATER);
        assertThat(alert.message()).contains("'ci' (id 5)", "new address 198.51.100.7", "used 40 times from only 1 address.",
                "latchkey token revoke 5");
        assertThat(alert.key()).isEqualTo(NewOriginRule.alerts(update(new UsagePattern(FIRST_USE, 90, 1, 1),
                List.of(NEW_IP), List.of())).get(0).key());
    }

    @Test
    void newUserAgent_afterAnEstablishedPattern_raisesTheUserAgentRule() {
        List<NewAlert> alerts = NewOriginRule.alerts(update(new UsagePattern(FIRST_USE, 20, 2, 3), List.of(), List.of(NEW_AGENT)));

        assertThat(alerts).extracting(NewAlert::rule).containsExactly(AlertRule.NEW_USER_AGENT);
        assertThat(alerts.get(0).userAgent()).isEqualTo("evil/1.0");
        assertThat(alerts.get(0).message()).contains("new client 'evil/1.0'", "from only 3 clients");
    }

    @Test
    void noPattern_yet_raisesNothing() {
        assertThat(NewOriginRule.alerts(update(null, List.of(NEW_IP), List.of(NEW_AGENT)))).isEmpty();
        assertThat(NewOriginRule.alerts(update(new UsagePattern(FIRST_USE, 19, 1, 1), List.of(NEW_IP), List.of(NEW_AGENT))))
                .as("too few uses").isEmpty();
        Instant young = LATER.minus(NewOriginRule.MIN_AGE).plusSeconds(1);
        assertThat(NewOriginRule.alerts(update(new UsagePattern(young, 500, 1, 1), List.of(NEW_IP), List.of(NEW_AGENT))))
                .as("too young").isEmpty();
    }

    @Test
    void tokenUsedFromManyPlaces_hasNoPatternToDepartFrom() {
        List<NewAlert> alerts = NewOriginRule.alerts(update(new UsagePattern(FIRST_USE, 500, 4, 1), List.of(NEW_IP),
                List.of(NEW_AGENT)));

        assertThat(alerts).extracting(NewAlert::rule).containsExactly(AlertRule.NEW_USER_AGENT);
    }

    private static PatternUpdate update(UsagePattern before, List<PatternUpdate.Sighting> ips,
                                        List<PatternUpdate.Sighting> agents) {
        return new PatternUpdate(5, 9, "ci", before, ips, agents, LATER, Instant.parse("2026-11-24T08:00:00Z"), 1, 0);
    }
}
