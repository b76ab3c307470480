package org.latchkey.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.latchkey.InvalidField;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void nothing_asked_means_thirty_days() {
        assertThat(Expiry.DEFAULT.resolve(NOW)).isEqualTo(NOW.plus(Duration.ofDays(30)));
    }

    @Test
    void days_instant_and_never_are_each_honoured() {
        assertThat(Expiry.inDays(7).resolve(NOW)).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(new Expiry(null, "2027-01-31T00:00:00Z", null).resolve(NOW)).isEqualTo(Instant.parse("2027-01-31T00:00:00Z"));
        assertThat(new Expiry(null, "2027-01-31T01:00:00+01:00", null).resolve(NOW)).isEqualTo(Instant.parse("2027-01-31T00:00:00Z"));
        assertThat(new Expiry(null, null, "never").resolve(NOW)).isNull();
    }

    @Test
    void refuses_past_instants_bad_formats_bad_day_counts_and_two_answers_at_once() {
        assertField(new Expiry(null, "2026-11-25T09:59:59Z", null), "expires_at", "in the past");
        assertField(new Expiry(null, "31/01/2027", null), "expires_at", "ISO-8601");
        assertField(Expiry.inDays(0), "expires_in_days", "between 1 and");
        assertField(Expiry.inDays(-3), "expires_in_days", "between 1 and");
        assertField(new Expiry(7, "2027-01-31T00:00:00Z", null), "expires_at", "only one");
        assertField(new Expiry(null, null, "forever"), "expires", "never");
    }

    private static void assertField(Expiry expiry, String field, String reason) {
        assertThatThrownBy(() -> expiry.resolve(NOW)).isInstanceOf(InvalidField.class).hasMessageContaining(reason)
                .satisfies(e -> assertThat(((InvalidField) e).field()).isEqualTo(field));
    }
}
