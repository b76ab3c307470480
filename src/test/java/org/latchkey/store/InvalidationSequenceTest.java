package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;
import static org.latchkey.store.Fixtures.classic;
import static org.latchkey.store.TokenStoreTest.insert;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.latchkey.cluster.Lease;
import org.latchkey.cluster.Node;
import org.latchkey.oidc.IssuerUrl;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Token;
import org.latchkey.token.TokenHash;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The invalidation sequence on PostgreSQL: taken once per transaction, in commit order under
 * concurrent changers (so notices arrive in sequence order), and acknowledged by a node's listener
 * in its row of {@code nodes}. Notices go to a channel of the schema's own, so a listener never
 * takes another schema's (another cluster's, or another test's) sequence for its own.
 */
class InvalidationSequenceTest {

    private static final int THREADS = 6;
    private static final int CHANGES_EACH = 15;

    @Test
    void a_transaction_that_holds_the_sequence_is_ended_by_postgresql_when_it_sits_idle() throws Exception {
        try (TestDatabases.PostgresUrl pg = TestDatabases.freshPostgresUrl(); Database db = pg.open()) {
            org.postgresql.ds.PGSimpleDataSource source = new org.postgresql.ds.PGSimpleDataSource();
            source.setURL(pg.url());
            Transactions transactions = new Transactions(source);
            String[] limits = new String[2];
            transactions.inTransaction("test", connection -> {
                limits[0] = show(connection);
                transactions.sequence(connection);
                limits[1] = show(connection);
                return null;
            });
            assertThat(limits[0]).as("before the sequence: the server's own setting").isNotEqualTo(Transactions.IDLE_HOLDING_SEQUENCE);
            assertThat(limits[1]).isEqualTo(Transactions.IDLE_HOLDING_SEQUENCE);
            assertThat(transactions.read("test", InvalidationSequenceTest::show))
                    .as("SET LOCAL: only that transaction").isEqualTo(limits[0]);
        }
    }

    private static String show(Connection connection) throws java.sql.SQLException {
        try (Statement statement = connection.createStatement();
             var row = statement.executeQuery("SHOW idle_in_transaction_session_timeout")) {
            row.next();
            return row.getString(1);
        }
    }

    @Test
    void concurrent_changes_take_sequences_in_commit_order_and_a_listener_acknowledges_the_last() throws Exception {
        String nodeId = TestDatabases.uniqueApplicationName("node");
        Map<TokenHash, Boolean> applied = new ConcurrentHashMap<>();
        AtomicInteger clears = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (TestDatabases.PostgresUrl pg = TestDatabases.freshPostgresUrl(); Database db = pg.open();
             Connection watcher = DriverManager.getConnection(pg.url())) {
            db.nodes().beat(new Node(nodeId, "http://127.0.0.1:1", "test", "dev", T0, T0, null, Lease.LAPSED, 0, null));
            try (Statement listen = watcher.createStatement();
                 var channel = listen.executeQuery("SELECT " + PostgresTokenNotices.CHANNEL_OF_SCHEMA)) {
                channel.next();
                listen.execute("LISTEN " + channel.getString(1));
            }
            long userId = Fixtures.user(db, "octocat").id();
            List<Token> tokens = new ArrayList<>();
            for (int i = 0; i < THREADS * CHANGES_EACH; i++) {
                tokens.add(insert(db, classic(userId, "t" + i), T0));
            }
            try (PostgresTokenNotices listener = PostgresTokenNotices.start(
                    PostgresTokenNotices.connector(pg.url(), pg.user(), pg.password()), nodeId, Lease.renewable(System::nanoTime),
                    new PostgresTokenNotices.Stale(hash -> applied.put(hash, true), org -> { }, clears::incrementAndGet))) {
                await(() -> clears.get() == 1);
                List<Future<?>> changers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    List<Token> mine = tokens.subList(t * CHANGES_EACH, (t + 1) * CHANGES_EACH);
                    changers.add(pool.submit(() -> mine.forEach(token ->
                            db.tokens().revoke(token.id(), RevocationReason.REVOKED, T0))));
                }
                for (Future<?> changer : changers) {
                    changer.get(60, TimeUnit.SECONDS);
                }

                List<Long> arrived = new ArrayList<>();
                PGConnection notices = watcher.unwrap(PGConnection.class);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (arrived.size() < tokens.size() && System.nanoTime() < deadline) {
                    PGNotification[] batch = notices.getNotifications(100);
                    for (PGNotification notice : batch == null ? new PGNotification[0] : batch) {
                        String[] parts = notice.getParameter().split(" ");
                        if (parts[1].equals("t")) {
                            arrived.add(Long.parseLong(parts[0]));
                        }
                    }
                }
                assertThat(arrived).hasSize(tokens.size()).isSorted().doesNotHaveDuplicates();
                assertThat(arrived.get(arrived.size() - 1) - arrived.get(0)).isEqualTo(tokens.size() - 1);
                assertThat(applied.keySet()).containsAll(tokens.stream().map(Token::hash).toList());
                try (Connection check = DriverManager.getConnection(pg.url()); Statement query = check.createStatement();
                     var row = query.executeQuery("SELECT applied_sequence, lease_until > clock_timestamp() AS leased,"
                             + " (SELECT seq FROM invalidation_clock) AS seq FROM nodes WHERE id = '" + nodeId + "'")) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getLong("applied_sequence")).isEqualTo(row.getLong("seq")).isEqualTo(arrived.get(arrived.size() - 1));
                    assertThat(row.getBoolean("leased")).isTrue();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_listener_ignores_the_changes_of_another_schema_sharing_the_database() throws Exception {
        String nodeId = TestDatabases.uniqueApplicationName("node");
        AtomicInteger clears = new AtomicInteger();
        Map<TokenHash, Boolean> applied = new ConcurrentHashMap<>();
        try (TestDatabases.PostgresUrl ours = TestDatabases.freshPostgresUrl(); Database db = ours.open();
             TestDatabases.PostgresUrl theirs = TestDatabases.freshPostgresUrl(); Database other = theirs.open()) {
            db.nodes().beat(new Node(nodeId, "http://127.0.0.1:1", "test", "dev", T0, T0, null, Lease.LAPSED, 0, null));
            Token token = insert(other, classic(Fixtures.user(other, "octocat").id(), "theirs"), T0);
            try (PostgresTokenNotices listener = PostgresTokenNotices.start(
                    PostgresTokenNotices.connector(ours.url(), ours.user(), ours.password()), nodeId, Lease.renewable(System::nanoTime),
                    new PostgresTokenNotices.Stale(hash -> applied.put(hash, true), org -> { }, clears::incrementAndGet))) {
                await(() -> clears.get() == 1);

                other.tokens().revoke(token.id(), RevocationReason.REVOKED, T0);
                Thread.sleep(Lease.RENEW_EVERY.toMillis() * 2);

                assertThat(applied).doesNotContainKey(token.hash());
                try (Connection check = DriverManager.getConnection(ours.url()); Statement query = check.createStatement();
                     var row = query.executeQuery("SELECT applied_sequence FROM nodes WHERE id = '" + nodeId + "'")) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getLong(1)).isZero();
                }
            }
        }
    }

    @Test
    void a_transaction_that_announces_many_tokens_takes_one_sequence() throws Exception {
        try (TestDatabases.PostgresUrl pg = TestDatabases.freshPostgresUrl(); Database db = pg.open()) {
            long userId = Fixtures.user(db, "octocat").id();
            for (int i = 0; i < 5; i++) {
                insert(db, classic(userId, "t" + i), T0);
            }
            long before = sequence(pg);

            db.userAdmin().setAdmin(userId, true);
            assertThat(sequence(pg)).isEqualTo(before + 1);
        }
    }

    @Test
    void adding_or_deleting_a_trusted_issuer_takes_a_sequence_and_a_change_that_changed_nothing_none() throws Exception {
        try (TestDatabases.PostgresUrl pg = TestDatabases.freshPostgresUrl(); Database db = pg.open()) {
            long before = sequence(pg);
            IssuerUrl url = IssuerUrl.parse("https://ci.example.com", false);
            long id = db.oidcIssuers().insert(url, "admin", T0).orElseThrow().id();
            assertThat(sequence(pg)).isEqualTo(before + 1);
            assertThat(db.oidcIssuers().insert(url, "admin", T0)).isEmpty();
            assertThat(sequence(pg)).isEqualTo(before + 1);

            assertThat(db.oidcIssuers().delete(id)).isTrue();
            assertThat(sequence(pg)).isEqualTo(before + 2);
            assertThat(db.oidcIssuers().delete(id)).isFalse();
            assertThat(sequence(pg)).isEqualTo(before + 2);
        }
    }

    private static long sequence(TestDatabases.PostgresUrl pg) throws Exception {
        try (Connection check = DriverManager.getConnection(pg.url()); Statement query = check.createStatement();
             var row = query.executeQuery("SELECT seq FROM invalidation_clock")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("not within 5 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
