package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpiryTest {

    @Test
    void days_are_a_number_followed_by_d() {
        assertThat(Expiry.parse("30d")).isEqualTo(new Expiry.InDays(30));
        assertThat(Expiry.parse(" 7D ")).isEqualTo(new Expiry.InDays(7));
    }

    @Test
    void a_date_means_the_start_of_that_day_in_utc() {
        assertThat(Expiry.parse("2027-01-31")).isEqualTo(new Expiry.At(Instant.parse("2027-01-31T00:00:00Z")));
    }

    @Test
    void an_iso_instant_is_taken_as_it_is() {
        assertThat(Expiry.parse("2027-01-31T12:30:00Z")).isEqualTo(new Expiry.At(Instant.parse("2027-01-31T12:30:00Z")));
    }

    @Test
    void never_in_any_case() {
        assertThat(Expiry.parse("never")).isEqualTo(new Expiry.Never());
        assertThat(Expiry.parse("NEVER")).isEqualTo(new Expiry.Never());
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "3x", "d", "-1d", "thirty days", "2027-1-31", "31/01/2027", ""})
    void anything_else_is_refused_with_the_accepted_forms(String text) {
        assertThatThrownBy(() -> Expiry.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("30d").hasMessageContaining("2027-01-31").hasMessageContaining("never");
    }

    @Test
    void zero_days_and_impossible_dates_are_refused() {
        assertThatThrownBy(() -> Expiry.parse("0d")).hasMessageContaining("at least 1d");
        assertThatThrownBy(() -> Expiry.parse("2027-02-30")).hasMessageContaining("not a real date");
        assertThatThrownBy(() -> Expiry.parse("2027-01-31T25:00:00Z")).hasMessageContaining("not a real date");
    }

    @Test
    void each_form_becomes_the_servers_field() {
        assertThat(body(new Expiry.InDays(30))).hasToString("{\"expires_in_days\":30}");
        assertThat(body(Expiry.parse("2027-01-31"))).hasToString("{\"expires_at\":\"2027-01-31T00:00:00Z\"}");
        assertThat(body(new Expiry.Never())).hasToString("{\"expires\":\"never\"}");
    }

    @Test
    void a_bad_value_on_the_command_line_is_a_usage_error_on_one_line(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        CliRunner.Result result = new CliRunner(dir).run("token", "create", "--name", "ci", "--expires", "soon");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).hasLineCount(1).contains("--expires").contains("'soon'");
    }

    private static ObjectNode body(Expiry expiry) {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        expiry.addTo(body);
        return body;
    }
}
