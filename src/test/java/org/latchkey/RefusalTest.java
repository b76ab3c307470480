package org.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RefusalTest {

    @ParameterizedTest
    @EnumSource(Refusal.Kind.class)
    void every_kind_has_a_client_error_status_and_an_exit_code_that_maps_back(Refusal.Kind kind) {
        if (kind == Refusal.Kind.UNAVAILABLE) {
            assertThat(kind.httpStatus()).as("what this node cannot serve now, though it exists").isEqualTo(503);
            assertThat(kind.exitCode()).as("a server's failure").isEqualTo(1);
        } else {
            assertThat(kind.httpStatus()).isBetween(400, 499);
            assertThat(kind.exitCode()).isBetween(3, 7);
        }
        assertThat(Refusal.Kind.ofHttpStatus(kind.httpStatus())).hasValue(kind);
    }

    @Test
    void the_table_gives_each_kind_its_own_status() {
        assertThat(Arrays.stream(Refusal.Kind.values()).map(Refusal.Kind::httpStatus)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrder(400, 401, 403, 404, 409, 422, 429, 413, 503);
        assertThat(Refusal.Kind.ofHttpStatus(500)).isEmpty();
    }

    @Test
    void a_refusal_says_its_reason_then_its_fix_and_carries_no_stack_trace() {
        Refusal refusal = Refusal.conflict("version_exists", "Version 1.0.0 is published.", "Bump the version.");

        assertThat(refusal.getMessage()).isEqualTo("Version 1.0.0 is published. Bump the version.");
        assertThat(refusal.reason()).isEqualTo("Version 1.0.0 is published.");
        assertThat(refusal.fix()).hasValue("Bump the version.");
        assertThat(refusal.retryAfter()).isEmpty();
        assertThat(refusal.getStackTrace()).isEmpty();
    }

    @Test
    void a_refusal_for_now_says_in_whole_seconds_when_to_try_again_at_least_one() {
        Instant now = Instant.parse("2026-12-06T06:00:00Z");

        assertThat(Refusal.tryLater("rate_limited", "Slow down.", null, Refusal.until(now.plusMillis(90_500), now))
                .retryAfter()).hasValue(Duration.ofSeconds(90));
        assertThat(Refusal.until(now.minusSeconds(5), now)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Refusal.tryLater("rate_limited", "Slow down.", null, Duration.ofSeconds(3)).kind())
                .isEqualTo(Refusal.Kind.RATE_LIMITED);
    }

    @Test
    void authentication_required_is_one_code_and_reason_with_each_protocols_fix() {
        Refusal git = Refusal.authenticationRequired("Use a personal access token as the password.");

        assertThat(git.kind()).isEqualTo(Refusal.Kind.UNAUTHENTICATED);
        assertThat(git.code()).isEqualTo("requires_authentication");
        assertThat(git.getMessage()).isEqualTo("Authentication required. Use a personal access token as the password.");
    }
}
