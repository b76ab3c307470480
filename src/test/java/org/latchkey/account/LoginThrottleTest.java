package org.latchkey.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.latchkey.MutableClock;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void ten_failures_within_three_minutes_lock_the_account_for_fifteen_minutes() {
        for (int i = 0; i < 9; i++) {
            assertThat(throttle.userFailed("Alice")).isFalse();
        }
        assertThat(throttle.userFailed("alice")).isTrue();

        assertThatThrownBy(() -> throttle.checkUser("ALICE")).isInstanceOf(LockedOut.class)
                .satisfies(e -> assertThat(((LockedOut) e).retryAfter()).contains(Duration.ofSeconds(900)));
        throttle.checkUser("bob");
        clock.advance(Duration.ofMinutes(15));
        throttle.checkUser("alice");
    }

    @Test
    void failures_spread_over_more_than_the_window_do_not_lock() {
        for (int i = 0; i < 20; i++) {
            throttle.userFailed("alice");
            clock.advance(Duration.ofSeconds(20));
        }

        throttle.checkUser("alice");
    }

    @Test
    void thirty_failures_from_one_address_lock_that_address_only() {
        for (int i = 0; i < 29; i++) {
            throttle.ipFailed("10.0.0.1");
        }
        throttle.checkIp("10.0.0.1");
        throttle.ipFailed("10.0.0.1");

        assertThatThrownBy(() -> throttle.checkIp("10.0.0.1")).isInstanceOf(LockedOut.class)
                .hasMessageContaining("from your address");
        throttle.checkIp("10.0.0.2");
    }

    @Test
    void thirty_presentations_of_a_dead_token_within_three_minutes_lock_that_token_alone_for_fifteen_minutes() {
        for (int i = 0; i < 29; i++) {
            assertThat(throttle.deadTokenPresented(7)).isFalse();
        }
        assertThat(throttle.deadTokenLockedUntil(7)).isNull();
        assertThat(throttle.deadTokenPresented(7)).isTrue();

        assertThat(throttle.deadTokenLockedUntil(7)).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(throttle.deadTokenLockedUntil(8)).isNull();
        throttle.checkIp("10.0.0.1");
        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.deadTokenLockedUntil(7)).isNull();
    }
}
