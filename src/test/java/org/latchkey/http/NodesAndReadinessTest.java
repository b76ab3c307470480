package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.metrics.MetricsScrape;
import org.latchkey.store.TestDatabases.Engine;

/**
 * The node table and {@code /ready}: two nodes on one PostgreSQL list each other with fresh
 * heartbeats, a stopped node ages into "not alive", and a node that lost its storage or its
 * database answers 503 naming the check (no path), then 200 once it is back.
 */
class NodesAndReadinessTest {

    private static final String REPOSITORY_STORAGE = "latchkey_storage_available{storage=\"repository\"}";

    @TempDir
    Path temp;

    @Test
    void two_nodes_list_each_other_alive_and_a_stopped_one_ages_into_silence() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            String session = a.signInAdmin();
            JsonNode both = a.get("/api/v1/admin/nodes", "Bearer " + session).json();

            assertThat(both).hasSize(2);
            for (JsonNode node : both) {
                assertThat(node.get("alive").asBoolean()).isTrue();
                assertThat(node.get("address").asText()).startsWith("http://127.0.0.1:");
                assertThat(node.get("lease_state").asText()).isEqualTo("held");
                assertThat(node.get("applied_sequence").asLong()).isGreaterThanOrEqualTo(0);
                assertThat(node.get("lease_until").asText()).isNotBlank();
                assertThat(node.get("version").asText()).isNotBlank();
                assertThat(node.get("hostname").asText()).isNotBlank();
            }
            assertThat(ids(both, true)).hasSize(1);
            assertThat(b.get("/ready", null).status()).isEqualTo(200);

            String bId = ids(b.get("/api/v1/admin/nodes", "Bearer " + session).json(), true).get(0);
            b.stop();
            a.clock().advance(Duration.ofSeconds(10));
            a.latchkey().beat();
            JsonNode after = a.get("/api/v1/admin/nodes", "Bearer " + session).json();

            for (JsonNode node : after) {
                assertThat(node.get("alive").asBoolean()).as(node.toString()).isEqualTo(!node.get("id").asText().equals(bId));
            }
            a.clock().advance(Duration.ofDays(1).plusSeconds(1));
            a.latchkey().beat();
            assertThat(a.get("/api/v1/admin/nodes", "Bearer " + a.signInAdmin()).json()).as("a day-old row is pruned")
                    .hasSize(1);
        }
    }

    @Test
    void ready_is_503_naming_the_database_while_the_heartbeat_cannot_be_written_and_200_once_it_can() throws Exception {
        try (TestServer server = TestServer.start(Engine.POSTGRESQL)) {
            assertThat(server.get("/ready", null).status()).isEqualTo(200);
            try (Connection db = server.connectToDatabase(); Statement sql = db.createStatement()) {
                sql.execute("ALTER TABLE nodes RENAME TO nodes_away");
                try {
                    server.latchkey().beat();
                } catch (RuntimeException expected) {
                    // the write fails: what a lost database looks like to the heartbeat
                }
                Response lost = server.get("/ready", null);
                server.clock().advance(Duration.ofSeconds(6));
                Response stale = server.get("/ready", null);
                sql.execute("ALTER TABLE nodes_away RENAME TO nodes");

                assertThat(lost.status()).isEqualTo(503);
                assertThat(checks(lost)).containsExactly("database");
                assertThat(checks(stale)).containsExactly("database", "heartbeat");
            }
            server.latchkey().beat();
            assertThat(server.get("/ready", null).status()).isEqualTo(200);
        }
    }

    @Test
    void ready_is_503_naming_the_storage_without_its_path_while_it_is_lost_and_200_once_it_is_back() throws Exception {
        Path shared = Files.createDirectories(temp.resolve("shared/repositories"));
        Path mount = Files.createSymbolicLink(temp.resolve("mount"), shared);
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withSharedFiles(mount, null)
                .withMetricsToken(MetricsScrape.TOKEN))) {
            assertThat(server.get("/ready", null).status()).isEqualTo(200);
            assertThat(server.get("/health", null).status()).isEqualTo(200);

            Files.delete(mount);
            Response lost = server.get("/ready", null);
            Response alive = server.get("/health", null);
            String lostMetrics = MetricsScrape.scrape(server);
            Files.createSymbolicLink(mount, shared);
            Response back = server.get("/ready", null);
            String backMetrics = MetricsScrape.scrape(server);

            assertThat(lost.status()).isEqualTo(503);
            assertThat(checks(lost)).containsExactly("repository_storage");
            assertThat(lost.body()).doesNotContain(temp.toString()).doesNotContain("mount");
            assertThat(lost.header("Cache-Control")).isEqualTo("no-store");
            assertThat(alive.status()).as("/health stays liveness").isEqualTo(200);
            assertThat(back.status()).isEqualTo(200);
            assertThat(MetricsScrape.value(lostMetrics, REPOSITORY_STORAGE)).isZero();
            assertThat(MetricsScrape.value(backMetrics, REPOSITORY_STORAGE)).isEqualTo(1);
            assertThat(MetricsScrape.value(backMetrics, "latchkey_storage_available{storage=\"package\"}")).isEqualTo(1);
            assertThat(MetricsScrape.value(backMetrics, "latchkey_node_heartbeat_age_seconds")).isLessThan(5);
            assertThat(backMetrics).contains("latchkey_node_token_cache_size", "latchkey_limits_sync_lag_seconds",
                    "latchkey_limits_sync_failures_total", "latchkey_node_heartbeat_failures_total");
        }
    }

    @Test
    void ready_is_503_naming_the_limits_sync_after_ten_failed_merges_in_a_row_and_200_after_one_that_works() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL, s -> s.withMetricsToken(MetricsScrape.TOKEN));
             TestServer b = a.startPeer()) {
            try (Connection db = a.connectToDatabase(); Statement sql = db.createStatement()) {
                sql.execute("ALTER TABLE shared_counts RENAME TO shared_counts_away");
                List<Response> answers = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    try {
                        a.latchkey().syncLimits();
                    } catch (RuntimeException expected) {
                        // the exchange fails
                    }
                    answers.add(a.get("/ready", null));
                }
                String metrics = MetricsScrape.scrape(a);
                sql.execute("ALTER TABLE shared_counts_away RENAME TO shared_counts");

                assertThat(answers.get(0).status()).as("one failed merge is not enough").isEqualTo(200);
                assertThat(checks(answers.get(9))).containsExactly("limits_sync");
                assertThat(MetricsScrape.value(metrics, "latchkey_limits_sync_failures_total")).isGreaterThanOrEqualTo(10);
            }
            a.latchkey().syncLimits();
            assertThat(a.get("/ready", null).status()).isEqualTo(200);
            assertThat(b.get("/ready", null).status()).isEqualTo(200);
        }
    }

    @Test
    void the_node_list_is_for_an_administrators_session_only() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String admin = server.signInAdmin();
            String token = "token " + server.createToken(admin, "{\"name\":\"t\",\"scopes\":[\"repo\"]}")
                    .get("token").asText();
            AuthenticationTest.createUser(server, admin, "bob", "bob-password-long-1");
            String bob = server.signIn("bob", "bob-password-long-1");

            assertThat(server.get("/api/v1/admin/nodes", null).status()).isEqualTo(401);
            assertThat(server.get("/api/v1/admin/nodes", token).status()).isEqualTo(403);
            assertThat(server.get("/api/v1/admin/nodes", "Bearer " + bob).status()).isEqualTo(403);
            JsonNode nodes = server.get("/api/v1/admin/nodes", "Bearer " + admin).json();
            assertThat(nodes).hasSize(1);
            assertThat(nodes.get(0).get("self").asBoolean()).isTrue();
        }
    }

    private static List<String> ids(JsonNode nodes, boolean self) {
        List<String> ids = new ArrayList<>();
        nodes.forEach(n -> {
            if (n.get("self").asBoolean() == self) {
                ids.add(n.get("id").asText());
            }
        });
        return ids;
    }

    private static List<String> checks(Response response) {
        List<String> names = new ArrayList<>();
        response.json().get("failing").forEach(f -> names.add(f.get("check").asText()));
        return names;
    }
}
