package org.latchkey.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.latchkey.MutableClock;
import org.latchkey.Refusal;
import org.latchkey.store.Database;
import org.latchkey.store.EachEngine;

/** A {@code jti} is accepted once, on every node, until the token could no longer verify; then pruned. */
class IdTokenReplayTest {

    private static final String AUDIENCE = "https://latchkey.example";

    @RegisterExtension
    final FakeCiProvider ci = new FakeCiProvider();

    private final MutableClock clock = MutableClock.startingNow();

    @EachEngine
    void a_token_verifies_once_and_its_replay_is_refused(Database database) {
        ci.clock(clock);
        IdTokens tokens = IdTokensTest.idTokens(database, clock, ci.issuer());
        String jwt = ci.github().audience(AUDIENCE).sign();
        String sameJti = ci.gitlab().audience(AUDIENCE).claim("jti", tokens.verify(jwt, AUDIENCE).jti()).sign();

        Refusal replayed = catchThrowableOfType(Refusal.class, () -> tokens.verify(jwt, AUDIENCE));
        Refusal reused = catchThrowableOfType(Refusal.class, () -> tokens.verify(sameJti, AUDIENCE));

        assertThat(replayed.code()).isEqualTo("replayed");
        assertThat(replayed.kind().httpStatus()).isEqualTo(401);
        assertThat(replayed.getMessage()).contains("already exchanged").contains("fresh ID token");
        assertThat(reused.code()).isEqualTo("replayed");
    }

    @EachEngine
    void two_nodes_verifying_one_token_at_once_accept_it_exactly_once(Database database) throws Exception {
        ci.clock(clock);
        IdTokens first = IdTokensTest.idTokens(database, clock, ci.issuer());
        IdTokens second = IdTokensTest.idTokens(database, clock, ci.issuer());
        first.verify(ci.github().audience(AUDIENCE).sign(), AUDIENCE);
        second.verify(ci.github().audience(AUDIENCE).sign(), AUDIENCE);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String jwt = ci.github().audience(AUDIENCE).sign();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> answers = new ArrayList<>();
                for (IdTokens node : List.of(first, second)) {
                    Callable<String> verify = () -> {
                        start.await();
                        try {
                            return node.verify(jwt, AUDIENCE).jti();
                        } catch (Refusal refusal) {
                            return refusal.code();
                        }
                    };
                    answers.add(pool.submit(verify));
                }
                start.countDown();
                List<String> codes = new ArrayList<>();
                for (Future<String> answer : answers) {
                    codes.add(answer.get());
                }
                assertThat(codes).filteredOn("replayed"::equals).hasSize(1);
                assertThat(codes).filteredOn(code -> !code.equals("replayed")).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @EachEngine
    void used_tokens_are_pruned_only_once_they_could_no_longer_verify(Database database) {
        ci.clock(clock);
        IdTokens tokens = IdTokensTest.idTokens(database, clock, ci.issuer());
        String jwt = ci.github().audience(AUDIENCE).sign();
        tokens.verify(jwt, AUDIENCE);

        clock.advance(Duration.ofMinutes(5).plus(IdTokens.SKEW).plus(IdTokens.PRUNE_MARGIN).minusSeconds(5));
        assertThat(tokens.prune()).isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(tokens.prune()).isEqualTo(1);
        assertThat(catchThrowableOfType(Refusal.class, () -> tokens.verify(jwt, AUDIENCE)).code()).isEqualTo("expired");
    }
}
