package org.latchkey.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.latchkey.TestServer;
import org.latchkey.metrics.MetricsScrape;
import org.latchkey.store.TestDatabases;
import org.latchkey.store.TestDatabases.Engine;

/**
 * The revoke call's latency through node A with 1, 2 and 3 nodes on one PostgreSQL database (each
 * node had the token cached), and with one node partitioned: its listener's backend stopped with
 * {@code kill -STOP} just before the revoke. Run by {@code bench/revoke-latency.sh}; skipped in the
 * suite. Prints p50 and p99 of the whole HTTP call, in milliseconds.
 */
@EnabledIfSystemProperty(named = "latchkey.bench", matches = "true")
class RevokeLatencyBench {

    private static final int REVOCATIONS = Integer.getInteger("latchkey.bench.revocations", 200);
    private static final int PARTITIONS = Integer.getInteger("latchkey.bench.partitions", 8);

    @Test
    void revoke_latency_with_one_two_and_three_nodes_and_one_partitioned() throws Exception {
        measure(1, false);
        for (int nodes = 1; nodes <= 3; nodes++) {
            measure(nodes, true);
        }
        partitioned();
    }

    /** {@code report} false: a first run that only warms the JVM up. */
    private static void measure(int count, boolean report) throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL, s -> s.withMetricsToken(MetricsScrape.TOKEN))) {
            List<TestServer> all = new ArrayList<>(List.of(a));
            try {
                for (int i = 1; i < count; i++) {
                    all.add(a.startPeer());
                }
                String session = a.signInAdmin();
                List<Long> took = new ArrayList<>();
                for (int i = 0; i < REVOCATIONS + 20; i++) {
                    JsonNode token = a.createToken(session, "{\"name\":\"b" + i + "\",\"scopes\":[\"repo\"]}");
                    for (TestServer node : all) {
                        assertThat(node.get("/api/v1/user", "token " + token.get("token").asText()).status()).isEqualTo(200);
                    }
                    long start = System.nanoTime();
                    revoke(a, session, token);
                    if (i >= 20) {
                        took.add(System.nanoTime() - start);
                    }
                }
                if (report) {
                    report(count + " node(s)", took);
                    String metrics = MetricsScrape.scrape(a);
                    System.out.printf("REVOKE-LATENCY %-26s of which waiting for the nodes: p50 %.1f ms  p99 %.1f ms%n", "",
                            MetricsScrape.value(metrics, "latchkey_invalidation_wait_seconds{quantile=\"0.5\"}") * 1e3,
                            MetricsScrape.value(metrics, "latchkey_invalidation_wait_seconds{quantile=\"0.99\"}") * 1e3);
                }
            } finally {
                for (TestServer node : all.subList(1, all.size())) {
                    node.close();
                }
            }
        }
    }

    private static void partitioned() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer(); TestServer c = a.startPeer()) {
            String session = a.signInAdmin();
            List<Long> took = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                awaitReady(c);
                JsonNode token = a.createToken(session, "{\"name\":\"p" + i + "\",\"scopes\":[\"repo\"]}");
                for (TestServer node : List.of(a, b, c)) {
                    assertThat(node.get("/api/v1/user", "token " + token.get("token").asText()).status()).isEqualTo(200);
                }
                int backend = TestDatabases.listenerBackend(c.latchkey().nodeId());
                TestDatabases.signal(backend, "STOP");
                try {
                    long start = System.nanoTime();
                    revoke(a, session, token);
                    took.add(System.nanoTime() - start);
                    assertThat(c.get("/api/v1/user", "token " + token.get("token").asText()).status()).isEqualTo(401);
                } finally {
                    TestDatabases.signal(backend, "CONT");
                }
            }
            report("3 nodes, one partitioned", took);
        }
    }

    private static void revoke(TestServer server, String session, JsonNode token) {
        assertThat(server.send("POST", "/api/v1/user/tokens/" + token.get("id").asLong() + "/revoke",
                "token " + session, null).status()).isEqualTo(204);
    }

    private static void awaitReady(TestServer node) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (node.get("/ready", null).status() != 200) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void report(String what, List<Long> took) {
        List<Long> sorted = new ArrayList<>(took);
        sorted.sort(null);
        System.out.printf("REVOKE-LATENCY %-26s n=%4d  p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms%n", what, sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6, sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
    }
}
