package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.TestTotp;
import org.latchkey.TwoFactorFixture;
import org.latchkey.TwoFactorFixture.Enrolled;
import org.latchkey.store.TestDatabases.Engine;

/**
 * {@code GET /api/v1/user}, the most common authenticated request: on a cache hit it reads
 * nothing from the database, and the two-factor state it shows, which travels with the cached
 * token, changes as soon as the user turns two-factor authentication on or off, on every node.
 */
class CurrentUserTest {

    private static final String PASSWORD = "graces long password";
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @Test
    void a_cached_token_is_answered_without_reading_the_database() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String auth = "token " + server.signInAdmin();
            assertThat(server.get("/api/v1/user", auth).status()).isEqualTo(200);

            try (Connection sameDatabase = sameDatabase(server)) {
                List<String> reads = readsDuring(sameDatabase, () -> {
                    for (int i = 0; i < 5; i++) {
                        Response user = server.get("/api/v1/user", auth);
                        assertThat(user.status()).isEqualTo(200);
                        assertThat(user.json().get("two_factor_authentication").asBoolean()).isFalse();
                    }
                });

                assertThat(reads).isEmpty();
            }
        }
    }

    @Test
    void turning_two_factor_on_and_off_shows_at_once_and_is_cached_again() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            AuthenticationTest.createUser(server, server.signInAdmin(), "grace", PASSWORD);
            String auth = "token " + server.signIn("grace", PASSWORD);
            assertThat(twoFactor(server, auth)).isFalse();

            Enrolled grace = TwoFactorFixture.enrol(server, auth.substring(6));
            assertThat(twoFactor(server, auth)).isTrue();
            try (Connection sameDatabase = sameDatabase(server)) {
                assertThat(readsDuring(sameDatabase, () -> assertThat(twoFactor(server, auth)).isTrue())).isEmpty();
            }

            Response disabled = server.send("DELETE", "/api/v1/user/two-factor", auth,
                    "{\"password\":\"" + PASSWORD + "\",\"otp\":\"" + TestTotp.code(grace.secret(), server.clock()) + "\"}");
            assertThat(disabled.status()).isEqualTo(204);
            assertThat(twoFactor(server, auth)).isFalse();
        }
    }

    @Test
    void turning_two_factor_on_through_one_node_shows_on_the_other() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            AuthenticationTest.createUser(a, a.signInAdmin(), "grace", PASSWORD);
            String auth = "token " + a.signIn("grace", PASSWORD);
            assertThat(twoFactor(b, auth)).isFalse();

            TwoFactorFixture.enrol(a, auth.substring(6));

            long start = System.nanoTime();
            while (!twoFactor(b, auth)) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the other node still shows it off")
                        .isLessThan(PATIENCE);
                Thread.sleep(10);
            }
        }
    }

    private static boolean twoFactor(TestServer server, String authorization) {
        Response user = server.get("/api/v1/user", authorization);
        assertThat(user.status()).isEqualTo(200);
        return user.json().get("two_factor_authentication").asBoolean();
    }

    /** Another connection to the server's embedded database, open in this JVM (H2 shares it). */
    private static Connection sameDatabase(TestServer server) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + server.dataDir().toAbsolutePath().resolve("latchkey")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE", "sa", "");
    }

    /**
     * The reads of the tables authentication and the handler could use (tokens, users, two-factor
     * state) that the database ran, from any connection, while {@code work} ran. Background writes
     * (usage, the usage log) are not reads and are left out.
     */
    private static List<String> readsDuring(Connection connection, Runnable work) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET QUERY_STATISTICS FALSE");
            statement.execute("SET QUERY_STATISTICS TRUE");
            work.run();
            List<String> reads = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT sql_statement FROM information_schema.query_statistics")) {
                while (rows.next()) {
                    String sql = rows.getString(1);
                    String lower = sql.toLowerCase(java.util.Locale.ROOT);
                    if (lower.startsWith("select") && !lower.contains("information_schema")
                            && (lower.contains("tokens") || lower.contains("users") || lower.contains("two_factor"))) {
                        reads.add(sql);
                    }
                }
            }
            statement.execute("SET QUERY_STATISTICS FALSE");
            return reads;
        }
    }
}
