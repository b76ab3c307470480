package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.cluster.Lease;
import org.latchkey.metrics.MetricsScrape;
import org.latchkey.store.TestDatabases;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Two nodes on one PostgreSQL database with real time and real connections: a revocation through
 * node A returns once node B applied it, or once B's lease ran out when B's listener is cut off
 * (its backend stopped with {@code kill -STOP}); either way B refuses the token at once after the
 * call returns, and B recovers its lease afterwards.
 */
class RevocationLeaseTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void with_two_healthy_nodes_a_revoke_returns_in_milliseconds_and_the_other_node_refuses_at_once() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL, s -> s.withMetricsToken(MetricsScrape.TOKEN));
             TestServer b = a.startPeer(s -> s.withMetricsToken(MetricsScrape.TOKEN))) {
            String session = a.signInAdmin();
            List<Long> waits = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                JsonNode token = a.createToken(session, "{\"name\":\"t" + i + "\",\"scopes\":[\"repo\"]}");
                String secret = "token " + token.get("token").asText();
                assertThat(b.get("/api/v1/user", secret).status()).isEqualTo(200);

                long start = System.nanoTime();
                revoke(a, session, token);
                waits.add(System.nanoTime() - start);

                Response after = b.get("/api/v1/user", secret);
                assertThat(after.status()).as("round %d: B after the revoke returned", i).isEqualTo(401);
                assertThat(after.json().get("error").asText()).isEqualTo("token_revoked");
            }
            waits.sort(null);
            String metrics = MetricsScrape.scrape(a);
            System.out.printf("revoke with two healthy nodes: median %.1f ms, max %.1f ms; of which waiting: median %.1f ms%n",
                    waits.get(waits.size() / 2) / 1e6, waits.get(waits.size() - 1) / 1e6,
                    MetricsScrape.value(metrics, "latchkey_invalidation_wait_seconds{quantile=\"0.5\"}") * 1e3);
            assertThat(Duration.ofNanos(waits.get(waits.size() / 2))).isLessThan(Duration.ofMillis(500));
        }
    }

    @Test
    void a_node_whose_listener_backend_is_stopped_is_waited_for_until_its_lease_ends_and_answers_from_the_database()
            throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            String session = a.signInAdmin();
            JsonNode revoked = a.createToken(session, "{\"name\":\"revoked\",\"scopes\":[\"repo\"]}");
            JsonNode kept = a.createToken(session, "{\"name\":\"kept\",\"scopes\":[\"repo\"]}");
            String revokedSecret = "token " + revoked.get("token").asText();
            String keptSecret = "token " + kept.get("token").asText();
            assertThat(b.get("/api/v1/user", revokedSecret).status()).isEqualTo(200);
            assertThat(b.get("/api/v1/user", keptSecret).status()).isEqualTo(200);
            int backend = awaitListener(b);

            TestDatabases.signal(backend, "STOP");
            long took;
            try {
                long start = System.nanoTime();
                revoke(a, session, revoked);
                took = System.nanoTime() - start;

                assertThat(b.get("/api/v1/user", revokedSecret).json().get("error").asText()).isEqualTo("token_revoked");
                assertThat(b.get("/api/v1/user", keptSecret).status()).isEqualTo(200);
            } finally {
                TestDatabases.signal(backend, "CONT");
            }
            System.out.printf("revoke with the other node's listener stopped: %.0f ms%n", took / 1e6);
            assertThat(Duration.ofNanos(took)).isLessThan(Lease.LENGTH.plusSeconds(2));

            awaitReady(b);
            JsonNode later = a.createToken(session, "{\"name\":\"later\",\"scopes\":[\"repo\"]}");
            String laterSecret = "token " + later.get("token").asText();
            assertThat(b.get("/api/v1/user", laterSecret).status()).isEqualTo(200);
            long start = System.nanoTime();
            revoke(a, session, later);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("B recovered its lease").isLessThan(Duration.ofSeconds(1));
            assertThat(b.get("/api/v1/user", laterSecret).json().get("error").asText()).isEqualTo("token_revoked");
        }
    }

    @Test
    void a_node_whose_listener_connection_is_terminated_is_not_ready_until_it_takes_its_lease_again_with_an_empty_cache()
            throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            String session = a.signInAdmin();
            JsonNode token = a.createToken(session, "{\"name\":\"ci\",\"scopes\":[\"repo\"]}");
            String secret = "token " + token.get("token").asText();
            assertThat(b.get("/api/v1/user", secret).status()).isEqualTo(200);
            assertThat(b.get("/ready", null).status()).isEqualTo(200);
            awaitListener(b);

            assertThat(TestDatabases.terminateListener(b.latchkey().nodeId())).isTrue();

            Response notReady = awaitStatus(b, 503);
            assertThat(notReady.json().get("failing").toString()).contains("\"check\":\"lease\"");
            awaitReady(b);
            b.latchkey().beat();
            JsonNode self = self(b, session);
            assertThat(self.get("lease_state").asText()).isEqualTo("held");
            assertThat(self.get("token_cache_size").asLong()).as("cleared when the lease was taken again").isZero();
            assertThat(b.get("/api/v1/user", secret).status()).isEqualTo(200);
        }
    }

    @Test
    void the_node_table_shows_each_nodes_lease_and_the_sequence_it_applied() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL, s -> s.withMetricsToken(MetricsScrape.TOKEN));
             TestServer b = a.startPeer(s -> s.withMetricsToken(MetricsScrape.TOKEN))) {
            String session = a.signInAdmin();
            JsonNode token = a.createToken(session, "{\"name\":\"ci\",\"scopes\":[\"repo\"]}");
            revoke(a, session, token);

            JsonNode nodes = a.get("/api/v1/admin/nodes", "Bearer " + session).json();

            assertThat(nodes).hasSize(2);
            long applied = nodes.get(0).get("applied_sequence").asLong();
            assertThat(applied).isPositive();
            for (JsonNode node : nodes) {
                assertThat(node.get("lease_state").asText()).isEqualTo("held");
                assertThat(node.get("applied_sequence").asLong()).isEqualTo(applied);
                assertThat(node.get("lease_until").asText()).isNotBlank();
            }
            String metrics = MetricsScrape.scrape(b);
            assertThat(MetricsScrape.value(metrics, "latchkey_node_lease_held")).isEqualTo(1.0);
            assertThat(MetricsScrape.value(metrics, "latchkey_node_invalidation_lag")).isZero();
            assertThat(MetricsScrape.value(MetricsScrape.scrape(a), "latchkey_invalidation_wait_seconds_count")).isEqualTo(1.0);
        }
    }

    private static JsonNode self(TestServer node, String session) {
        for (JsonNode n : node.get("/api/v1/admin/nodes", "Bearer " + session).json()) {
            if (n.get("self").asBoolean()) {
                return n;
            }
        }
        throw new AssertionError("no row for the node itself");
    }

    private static void revoke(TestServer server, String session, JsonNode token) {
        assertThat(server.send("POST", "/api/v1/user/tokens/" + token.get("id").asLong() + "/revoke",
                "token " + session, null).status()).isEqualTo(204);
    }

    private static int awaitListener(TestServer node) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        int pid;
        while ((pid = TestDatabases.listenerBackend(node.latchkey().nodeId())) == 0) {
            assertThat(System.nanoTime()).as("no listener").isLessThan(deadline);
            Thread.sleep(10);
        }
        return pid;
    }

    private static void awaitReady(TestServer node) throws InterruptedException {
        awaitStatus(node, 200);
    }

    private static Response awaitStatus(TestServer node, int status) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Response ready = node.get("/ready", null);
            if (ready.status() == status) {
                return ready;
            }
            assertThat(System.nanoTime()).as("/ready never answered " + status).isLessThan(deadline);
            Thread.sleep(2);
        }
    }
}
