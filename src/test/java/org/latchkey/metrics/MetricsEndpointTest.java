package org.latchkey.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.metrics.MetricsScrape.TOKEN;
import static org.latchkey.metrics.MetricsScrape.scrape;
import static org.latchkey.metrics.MetricsScrape.value;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** GET /metrics over HTTP: off unless configured, only for the metrics token, and the counters move. */
class MetricsEndpointTest {

    private static final String SUCCESS = "latchkey_authentications_total{outcome=\"success\"}";
    private static final String BAD = "latchkey_authentications_total{outcome=\"bad_credentials\"}";

    @Test
    void without_a_metrics_token_there_is_no_metrics_endpoint() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            Response anonymous = server.get("/metrics", null);
            Response guessing = server.get("/metrics", "Bearer anything");
            Response blankToken = server.get("/metrics", "Bearer ");

            assertThat(anonymous.status()).isEqualTo(404);
            assertThat(guessing.status()).isEqualTo(404);
            assertThat(blankToken.status()).isEqualTo(404);
            assertThat(guessing.body()).doesNotContain("latchkey_");
        }
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withMetricsToken("  "))) {
            assertThat(server.get("/metrics", "Bearer   ").status()).isEqualTo(404);
        }
    }

    @Test
    void the_endpoint_refuses_requests_without_the_metrics_token() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withMetricsToken(TOKEN))) {
            String session = server.signInAdmin();
            String apiToken = server.createToken(session, "{\"name\":\"api\",\"scopes\":[\"repo\"]}").get("token").asText();

            for (String authorization : new String[] {null, "", "Bearer wrong", "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1),
                    "token " + TOKEN, TOKEN, "Bearer " + apiToken, "token " + session}) {
                Response refused = server.get("/metrics", authorization);
                assertThat(refused.status()).as(String.valueOf(authorization)).isEqualTo(401);
                assertThat(refused.json().get("message").asText()).isNotBlank();
                assertThat(refused.body()).doesNotContain("latchkey_authentications");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_metrics_token_gets_prometheus_text_with_the_expected_metrics(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, settings -> settings.withMetricsToken(TOKEN))) {
            Response response = server.get("/metrics", "Bearer " + TOKEN);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("text/plain").contains("version=0.0.4");
            assertThat(response.body()).contains(
                    "# TYPE latchkey_http_requests_total counter",
                    "latchkey_http_requests_total{status=\"2xx\"}",
                    "latchkey_http_requests_total{status=\"4xx\"}",
                    "latchkey_http_requests_total{status=\"5xx\"}",
                    SUCCESS, BAD,
                    "latchkey_authentications_total{outcome=\"expired\"}",
                    "latchkey_authentications_total{outcome=\"revoked\"}",
                    "latchkey_authentications_total{outcome=\"locked_out\"}",
                    "latchkey_authentications_total{outcome=\"rate_limited\"}",
                    "cache_size{cache=\"tokens\"}",
                    "cache_gets_total{cache=\"tokens\",result=\"hit\"}",
                    "cache_gets_total{cache=\"tokens\",result=\"miss\"}",
                    "latchkey_store_token_lookup_seconds_count",
                    "latchkey_usage_log_backlog",
                    "latchkey_usage_log_dropped_total",
                    "latchkey_git_pushes_refused_total{reason=\"workflow\"}",
                    "latchkey_git_pushes_refused_total{reason=\"secret\"}",
                    "jvm_memory_used_bytes",
                    "jvm_threads_live_threads",
                    "system_cpu_count");
        }
    }

    @Test
    void authentications_and_responses_are_counted() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withMetricsToken(TOKEN))) {
            String session = server.signInAdmin();
            String secret = server.createToken(session, "{\"name\":\"api\",\"scopes\":[\"repo\"]}").get("token").asText();
            String before = scrape(server);

            for (int i = 0; i < 3; i++) {
                assertThat(server.get("/api/v1/user", "token " + secret).status()).isEqualTo(200);
            }
            String unknown = "lkp_" + "A".repeat(30) + secret.substring(34);
            assertThat(server.get("/api/v1/user", "token " + unknown).status()).isEqualTo(401);
            assertThat(server.get("/api/v1/user", "token not-a-token").status()).isEqualTo(401);
            String after = scrape(server);

            assertThat(value(after, SUCCESS) - value(before, SUCCESS)).isEqualTo(3);
            assertThat(value(after, BAD) - value(before, BAD)).isEqualTo(2);
            String ok = "latchkey_http_requests_total{status=\"2xx\"}";
            String clientError = "latchkey_http_requests_total{status=\"4xx\"}";
            // the first scrape itself was answered with 200 too
            assertThat(value(after, ok) - value(before, ok)).isEqualTo(4);
            assertThat(value(after, clientError) - value(before, clientError)).isEqualTo(2);
            // the token's first use misses (probe and load count a miss each), the next two hit;
            // the mistyped secret fails its checksum before any lookup
            String hits = "cache_gets_total{cache=\"tokens\",result=\"hit\"}";
            String misses = "cache_gets_total{cache=\"tokens\",result=\"miss\"}";
            assertThat(value(after, hits) - value(before, hits)).isEqualTo(2);
            assertThat(value(after, misses) - value(before, misses)).isEqualTo(2);
            assertThat(value(after, "latchkey_store_token_lookup_seconds_count")).isGreaterThanOrEqualTo(1);
            assertThat(value(after, "cache_size{cache=\"tokens\"}")).isGreaterThanOrEqualTo(1);
        }
    }
}
