package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.latchkey.store.Fixtures.T0;
import static org.latchkey.store.Fixtures.classic;
import static org.latchkey.store.TokenStoreTest.insert;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.latchkey.cluster.Lease;
import org.latchkey.cluster.Node;
import org.latchkey.token.NewToken;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;

/** PostgreSQL's token change notices: which writes send them, and a listener that survives losing its connection. */
class TokenChangeNoticesTest {

    private final List<TokenHash> heard = new CopyOnWriteArrayList<>();
    private final Map<TokenHash, Long> heardAt = new ConcurrentHashMap<>();
    private final AtomicInteger listenings = new AtomicInteger();
    private final String nodeId = TestDatabases.uniqueApplicationName("node");

    @Test
    void changes_to_how_a_secret_authenticates_are_announced_with_the_hash_they_made_stale() throws Exception {
        try (TestDatabases.PostgresUrl pg = TestDatabases.freshPostgresUrl(); Database db = pg.open();
             PostgresTokenNotices notices = listen(pg, db)) {
            long userId = Fixtures.user(db, "octocat").id();
            Token revoked = insert(db, classic(userId, "revoked"), T0);
            Token deleted = insert(db, classic(userId, "deleted"), T0);
            Token regenerated = insert(db, classic(userId, "regenerated"), T0);
            Token rotated = insert(db, classic(userId, "rotated"), T0);
            Token renamed = insert(db, classic(userId, "renamed"), T0);
            Token last = insert(db, classic(userId, "last"), T0);
            TokenHash newSecret = Fixtures.randomHash(TokenType.CLASSIC);
            NewToken replacement = classic(userId, "rotated");

            db.tokens().revoke(revoked.id(), RevocationReason.REVOKED, T0);
            db.tokens().delete(deleted.id(), T0);
            db.tokens().replaceSecret(regenerated.id(), newSecret, Scopes.NONE, null);
            Token successor = db.tokens().rotate(rotated.id(), replacement, T0);
            assertThatThrownBy(() -> db.tokens().rotate(revoked.id(), classic(userId, "revoked"), T0))
                    .isInstanceOf(IllegalStateException.class);
            db.tokens().revokeFamily(rotated.familyId(), RevocationReason.REUSE_DETECTED, T0);
            db.tokens().updateDetails(renamed.id(), "still works", "same secret", T0);
            db.tokens().revoke(last.id(), RevocationReason.REVOKED, T0);

            await(() -> heard.contains(last.hash()));
            Set<TokenHash> ours = Set.of(revoked.hash(), deleted.hash(), regenerated.hash(), newSecret, rotated.hash(),
                    successor.hash(), renamed.hash(), last.hash());
            assertThat(heard.stream().filter(ours::contains)).containsExactly(revoked.hash(), deleted.hash(),
                    regenerated.hash(), rotated.hash(), successor.hash(), last.hash());
        }
    }

    @Test
    void a_notice_arrives_within_milliseconds_of_the_commit() throws Exception {
        try (TestDatabases.PostgresUrl pg = TestDatabases.freshPostgresUrl(); Database db = pg.open();
             PostgresTokenNotices notices = listen(pg, db)) {
            long userId = Fixtures.user(db, "octocat").id();
            List<Long> delays = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Token token = insert(db, classic(userId, "t" + i), T0);
                db.tokens().revoke(token.id(), RevocationReason.REVOKED, T0);
                long committed = System.nanoTime();
                await(() -> heardAt.containsKey(token.hash()));
                delays.add(heardAt.get(token.hash()) - committed);
            }

            delays.sort(null);
            System.out.printf("token change notice after revoke returned: median %.2f ms, max %.2f ms (negative: before)%n",
                    delays.get(delays.size() / 2) / 1e6, delays.get(delays.size() - 1) / 1e6);
            assertThat(Duration.ofNanos(delays.get(delays.size() / 2))).isLessThan(Duration.ofMillis(100));
        }
    }

    @Test
    void a_listener_whose_connection_is_killed_reconnects_and_reports_everything_stale() throws Exception {
        try (TestDatabases.PostgresUrl pg = TestDatabases.freshPostgresUrl(); Database db = pg.open()) {
            try (PostgresTokenNotices notices = listen(pg, db)) {
                Token token = insert(db, classic(Fixtures.user(db, "octocat").id(), "ci"), T0);

                assertThat(TestDatabases.terminateListener(nodeId)).isTrue();
                await(() -> listenings.get() == 2);
                db.tokens().revoke(token.id(), RevocationReason.REVOKED, T0);

                await(() -> heard.contains(token.hash()));
            }
        }
    }

    @Test
    void close_returns_at_once_while_listening_and_while_waiting_to_retry() throws Exception {
        try (TestDatabases.PostgresUrl pg = TestDatabases.freshPostgresUrl(); Database db = pg.open()) {
            PostgresTokenNotices listening = listen(pg, db);
            PostgresTokenNotices retrying = PostgresTokenNotices.start(() -> {
                throw new SQLException("connection refused", "08001");
            }, nodeId, Lease.renewable(System::nanoTime), stale());

            assertThat(closingTime(listening)).isLessThan(Duration.ofMillis(500));
            assertThat(closingTime(retrying)).isLessThan(Duration.ofMillis(500));
            assertThat(listening.isRunning()).isFalse();
            assertThat(retrying.isRunning()).isFalse();
        }
    }

    private PostgresTokenNotices listen(TestDatabases.PostgresUrl pg, Database db) throws InterruptedException {
        db.nodes().beat(new Node(nodeId, "http://127.0.0.1:1", "test", "dev", T0, T0, null, Lease.LAPSED, 0, null));
        PostgresTokenNotices notices = PostgresTokenNotices.start(PostgresTokenNotices.connector(pg.url(), pg.user(), pg.password()),
                nodeId, Lease.renewable(System::nanoTime), stale());
        await(() -> listenings.get() == 1);
        return notices;
    }

    private PostgresTokenNotices.Stale stale() {
        return new PostgresTokenNotices.Stale(this::hear, org -> { }, listenings::incrementAndGet);
    }

    private void hear(TokenHash hash) {
        heardAt.put(hash, System.nanoTime());
        heard.add(hash);
    }

    private static Duration closingTime(PostgresTokenNotices notices) {
        long start = System.nanoTime();
        notices.close();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s");
            }
            Thread.sleep(5);
        }
    }
}
