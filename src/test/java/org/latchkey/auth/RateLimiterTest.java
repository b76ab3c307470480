package org.latchkey.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.latchkey.MutableClock;
import org.latchkey.account.User;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;
import org.latchkey.token.TokenUsage;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void counts_down_then_refuses_until_an_hour_after_the_first_request() {
        RateLimiter limiter = new RateLimiter(2, clock);
        Principal principal = principal();

        assertThat(limiter.acquire(principal)).extracting(RateLimitStatus::remaining, RateLimitStatus::used).containsExactly(1, 1);
        clock.advance(Duration.ofMinutes(30));
        RateLimitStatus second = limiter.acquire(principal);
        assertThat(second.remaining()).isZero();
        assertThat(second.resetEpochSecond()).isEqualTo(Instant.parse("2026-11-25T11:00:00Z").getEpochSecond());

        assertThatThrownBy(() -> limiter.acquire(principal)).isInstanceOf(RateLimited.class)
                .satisfies(e -> assertThat(((RateLimited) e).retryAfter()).contains(Duration.ofSeconds(1800)));
        clock.advance(Duration.ofMinutes(30));
        assertThat(limiter.acquire(principal).remaining()).isEqualTo(1);
    }

    @Test
    void zero_turns_limiting_off() {
        RateLimiter limiter = new RateLimiter(0, clock);
        Principal principal = principal();

        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.acquire(principal).limited()).isFalse();
        }
    }

    @Test
    void each_token_has_its_own_window() {
        RateLimiter limiter = new RateLimiter(1, clock);
        Principal first = principal();
        limiter.acquire(first);

        assertThat(limiter.acquire(principal()).remaining()).isZero();
        assertThatThrownBy(() -> limiter.acquire(first)).isInstanceOf(RateLimited.class);
    }

    private Principal principal() {
        Instant now = clock.instant();
        Token token = new Token(1, 1, TokenType.CLASSIC, "t", null, Scopes.NONE, now, null, null, null, null, 1,
                TokenHash.fromBytes(new byte[32]), TokenUsage.NEVER);
        return new Principal(new User(1, "alice", null, false, now), token, null);
    }
}
