package org.latchkey.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.latchkey.audit.Origin;

class FailedAuthenticationsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Origin GUESSER = new Origin("203.0.113.9", "hydra");

    @Test
    void tenFailuresWithinAnHour_raiseOneAlert_andCountingStartsAgain() {
        FailedAuthentications.Failures failures = new FailedAuthentications.Failures();
        NewAlert alert = null;
        for (int i = 0; i < FailedAuthentications.THRESHOLD; i++) {
            FailedAuthentications.Kind kind = i < 7 ? FailedAuthentications.Kind.PASSWORD : FailedAuthentications.Kind.TOKEN;
            assertThat(alert).as("failure %s", i).isNull();
            alert = failures.add(3, "grace", kind, i == 9 ? new Origin("198.51.100.2", "curl") : GUESSER,
                    T0.plus(Duration.ofMinutes(5L * i)));
        }

        assertThat(alert).isNotNull();
        assertThat(alert.rule()).isEqualTo(AlertRule.FAILED_AUTHENTICATIONS);
        assertThat(alert.userId()).isEqualTo(3);
        assertThat(alert.tokenId()).isNull();
        assertThat(alert.at()).isEqualTo(T0.plus(Duration.ofMinutes(45)));
        assertThat(alert.ip()).isEqualTo("198.51.100.2");
        assertThat(alert.details()).containsEntry("failures", "10").containsEntry("wrong_passwords", "7")
                .containsEntry("inactive_tokens", "3").containsEntry("addresses", "2");
        assertThat(alert.message()).contains("10 attempts to authenticate as grace failed between 2026-11-25 10:00:00 UTC"
                + " and 2026-11-25 10:45:00 UTC", "7 with a wrong password, 3 with a revoked or expired token",
                "from 2 addresses");
        assertThat(failures.add(3, "grace", FailedAuthentications.Kind.PASSWORD, GUESSER, T0.plus(Duration.ofMinutes(46))))
                .as("the eleventh starts a new count").isNull();
    }

    @Test
    void failuresOlderThanAnHour_fallOutOfTheWindow() {
        FailedAuthentications.Failures failures = new FailedAuthentications.Failures();
        for (int i = 0; i < 9; i++) {
            failures.add(3, "grace", FailedAuthentications.Kind.PASSWORD, GUESSER, T0.plus(Duration.ofMinutes(i)));
        }

        NewAlert late = failures.add(3, "grace", FailedAuthentications.Kind.PASSWORD, GUESSER,
                T0.plus(FailedAuthentications.WINDOW));

        assertThat(late).as("the first failure is an hour old").isNull();
        assertThat(failures.add(3, "grace", FailedAuthentications.Kind.PASSWORD, GUESSER,
                T0.plus(FailedAuthentications.WINDOW).plusSeconds(1))).isNotNull();
    }

    @Test
    void keys_differ_fromOneAlertToTheNext() {
        FailedAuthentications.Failures failures = new FailedAuthentications.Failures();
        String first = null;
        String second = null;
        for (int i = 0; i < 2 * FailedAuthentications.THRESHOLD; i++) {
            NewAlert alert = failures.add(3, "grace", FailedAuthentications.Kind.PASSWORD, GUESSER, T0.plusSeconds(i));
            if (alert != null && first == null) {
                first = alert.key();
            } else if (alert != null) {
                second = alert.key();
            }
        }

        assertThat(first).isNotNull();
        assertThat(second).isNotNull().isNotEqualTo(first);
    }
}
