package org.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Three nodes on one PostgreSQL database share the OAuth and exchange throttles: wrong user codes,
 * device code requests, an app's introspection allowance and the OIDC exchange's per-address
 * limit. Each node alone would allow three times as much; a limit may overshoot by what the nodes
 * admit between two syncs (a background sync may race the test's and leave a snapshot one step old).
 */
class OAuthLimitsAcrossNodesTest {

    private static final String DEVICE_PAGE = "/login/device";

    @Test
    void wrongUserCodesSpreadOverThreeNodes_lockTheUserOutOnAll() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer(); TestServer c = a.startPeer()) {
            List<TestServer> nodes = List.of(a, b, c);
            String session = a.signInAdmin();
            String clientId = new OAuthHarness(a).publicApp(session, "http://127.0.0.1/cb").path("client_id").asText();
            String userCode = new OAuthHarness(b).postForm("/login/device/code", Map.of("Accept", "application/json"),
                    Map.of("client_id", clientId)).json().path("user_code").asText();
            for (int i = 0; i < 12; i++) {
                TestServer node = nodes.get(i % 3);
                Response wrong = typed(node, session, "BBBB-BBB" + "BCDFGHJKLM".charAt(i % 10));
                assertThat(wrong.status()).as("guess " + i + " on node " + i % 3).isEqualTo(i < 9 ? 400 : wrong.status());
                assertThat(wrong.status()).isIn(400, 429);
                sync(nodes);
            }
            for (TestServer node : nodes) {
                assertThat(typed(node, session, userCode).status()).as("even the right code, on every node").isEqualTo(429);
            }
        }
    }

    @Test
    void deviceCodeRequestsSpreadOverThreeNodes_areLimitedPerAddressOnAll() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer(); TestServer c = a.startPeer()) {
            List<TestServer> nodes = List.of(a, b, c);
            String clientId = new OAuthHarness(a).publicApp(a.signInAdmin(), "http://127.0.0.1/cb").path("client_id").asText();
            int ok = 0;
            for (int round = 0; round < 25; round++) {
                for (TestServer node : nodes) {
                    ok += new OAuthHarness(node).postForm("/login/device/code", Map.of("Accept", "application/json"),
                            Map.of("client_id", clientId)).status() == 200 ? 1 : 0;
                }
                sync(nodes);
            }
            assertThat(ok).as("50 per address (and what a sync or two lets through), not 75").isBetween(49, 50 + 2 * 3);
            for (TestServer node : nodes) {
                assertThat(new OAuthHarness(node).postForm("/login/device/code", Map.of("Accept", "application/json"),
                        Map.of("client_id", clientId)).status()).isEqualTo(429);
            }
        }
    }

    @Test
    void anAppsIntrospectionAllowance_isSharedByThreeNodes() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL, s -> s.withRateLimitPerHour(30));
             TestServer b = a.startPeer(s -> s.withRateLimitPerHour(30));
             TestServer c = a.startPeer(s -> s.withRateLimitPerHour(30))) {
            List<TestServer> nodes = List.of(a, b, c);
            String session = a.signInAdmin();
            JsonNode app = new OAuthHarness(a).confidentialApp(session, "https://web.example/cb");
            String token = a.createToken(session, "{\"name\":\"api\",\"scopes\":[\"repo\"]}").get("token").asText();
            int ok = 0;
            for (int round = 0; round < 20; round++) {
                for (TestServer node : nodes) {
                    Response answer = introspect(node, app, token);
                    ok += answer.status() == 200 ? 1 : 0;
                }
                sync(nodes);
            }
            assertThat(ok).as("30 an hour for the app (and what a sync or two lets through), not 60").isBetween(30, 30 + 2 * 3);
            for (TestServer node : nodes) {
                Response limited = introspect(node, app, token);
                assertThat(limited.status()).isEqualTo(429);
                assertThat(limited.json().path("error").asText()).isEqualTo("rate_limited");
            }
        }
    }

    @Test
    void theOidcExchangeThrottle_isSharedByThreeNodes_andItsFormIsTheSharedOAuthForm() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer(); TestServer c = a.startPeer()) {
            List<TestServer> nodes = List.of(a, b, c);
            int limited = 0;
            for (int round = 0; round < 30; round++) {
                for (TestServer node : nodes) {
                    Response answer = node.send("POST", "/api/v1/oidc/token", null, "{\"token\":\"not.a.jwt\"}");
                    limited += answer.status() == 429 ? 1 : 0;
                }
                sync(nodes);
            }
            assertThat(90 - limited).as("60 a minute from one address (and what a sync or two lets through), not 90")
                    .isBetween(60, 60 + 2 * 3);
            Response twice = new OAuthHarness(b).postForm("/api/v1/oidc/token", Map.of(), Map.of("grant_type", "x"));
            assertThat(twice.status()).isEqualTo(429);
            a.clock().advance(java.time.Duration.ofMinutes(2));
            Response duplicated = b.client().send("POST", "/api/v1/oidc/token",
                    Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=a&grant_type=b"));
            assertThat(duplicated.status()).isEqualTo(400);
            assertThat(duplicated.json().path("error").asText()).isEqualTo("invalid_request");
        }
    }

    private static Response typed(TestServer node, String session, String code) {
        Map<String, String> cookie = Map.of("Cookie", "latchkey_session=" + session);
        Response page = node.client().send("GET", DEVICE_PAGE, cookie, null);
        return new OAuthHarness(node).postForm(DEVICE_PAGE, cookie, Map.of("_csrf", OAuthHarness.csrf(page), "user_code", code));
    }

    private static Response introspect(TestServer node, JsonNode app, String token) {
        return new OAuthHarness(node).postForm("/oauth/introspect", Map.of(), Map.of("client_id",
                app.path("client_id").asText(), "client_secret", app.path("client_secret").asText(), "token", token));
    }

    private static void sync(List<TestServer> nodes) {
        nodes.forEach(n -> n.latchkey().syncLimits());
        nodes.forEach(n -> n.latchkey().syncLimits());
    }
}
