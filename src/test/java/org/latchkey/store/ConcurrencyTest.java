package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.latchkey.audit.TokenUse;
import org.latchkey.token.Token;
import org.latchkey.token.TokenType;

class ConcurrencyTest {

    private static final int THREADS = 6;

    @EachEngine
    void concurrentInsertsOfOneName_storeExactlyOne(Database db) throws Exception {
        long userId = Fixtures.user(db, "octocat").id();

        List<Optional<Token>> results = all(() -> db.tokens().insert(Fixtures.classic(userId, "race"), T0));

        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(db.tokens().listByUser(userId, List.of(TokenType.CLASSIC))).hasSize(1);
    }

    @EachEngine
    void concurrentUsageBatches_ofTheSameTokensAndIps_allSucceed(Database db) throws Exception {
        long userId = Fixtures.user(db, "octocat").id();
        Token a = TokenStoreTest.insert(db, Fixtures.classic(userId, "a"), T0);
        Token b = TokenStoreTest.insert(db, Fixtures.classic(userId, "b"), T0);

        all(() -> {
            db.tokens().recordUsage(List.of(new TokenUse(b.id(), T0.plusSeconds(2), "10.1.1.1", "x"),
                    new TokenUse(a.id(), T0.plusSeconds(1), "10.1.1.1", "x"),
                    new TokenUse(a.id(), T0.plusSeconds(1), "10.1.1.2", "x")));
            return null;
        });

        assertThat(db.tokens().findById(a.id()).orElseThrow().usage().lastUsedIps())
                .containsExactlyInAnyOrder("10.1.1.1", "10.1.1.2");
        assertThat(db.tokens().findById(b.id()).orElseThrow().usage().lastUsedIps()).containsExactly("10.1.1.1");
    }

    private static <T> List<T> all(Callable<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
