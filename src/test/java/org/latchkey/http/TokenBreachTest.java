package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** The breach runbook over HTTP: revoke, where it was used in the last 30 days, a replacement, what to update. */
class TokenBreachTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_compromised_token_is_revoked_its_recent_use_reported_and_replaced_with_the_same_settings(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = "token " + server.signInAdmin();
            JsonNode created = server.createToken(session.substring(6), "{\"name\":\"deploy\",\"description\":\"CI deploys\","
                    + "\"scopes\":[\"repo\",\"workflow\"],\"expires_in_days\":90}");
            long id = created.get("id").asLong();
            String secret = "token " + created.get("token").asText();
            assertThat(server.send("POST", "/api/v1/user/repos", session, "{\"name\":\"api\"}").status()).isEqualTo(201);
            use(server, secret, "/api/v1/user", "old-agent/0.1");
            server.latchkey().flushUsage();
            server.clock().advance(Duration.ofDays(40));
            use(server, secret, "/api/v1/user", "deploy-bot/1.0");
            use(server, secret, "/api/v1/repos/admin/api", "deploy-bot/1.0");
            use(server, secret, "/api/v1/user", "curl/8.5.0");
            String freshSession = "token " + server.signInAdmin();

            Response breach = server.send("POST", "/api/v1/user/tokens/" + id + "/breach", freshSession, "{\"replace\":true}");
            JsonNode report = breach.json();
            Response old = server.get("/api/v1/user", secret);
            JsonNode replacement = report.get("replacement");
            Response fresh = server.get("/api/v1/user", "token " + replacement.get("token").asText());

            assertThat(breach.status()).isEqualTo(200);
            assertThat(report.get("revoked_now").asBoolean()).isTrue();
            assertThat(report.get("token").get("state").asText()).isEqualTo("revoked");
            assertThat(report.get("token").get("revocation_reason").asText()).isEqualTo("compromised");
            assertThat(report.get("token").has("token")).isFalse();
            JsonNode usage = report.get("usage");
            assertThat(usage.get("days").asInt()).isEqualTo(30);
            assertThat(usage.get("total_uses").asLong()).isEqualTo(3);
            assertThat(usage.get("ips")).extracting(ip -> ip.get("ip").asText()).containsExactly("127.0.0.1");
            assertThat(usage.get("user_agents")).extracting(ua -> ua.get("user_agent").asText())
                    .containsExactlyInAnyOrder("deploy-bot/1.0", "curl/8.5.0");
            assertThat(usage.get("repositories")).extracting(r -> r.get("repository").asText()).containsExactly("admin/api");
            assertThat(report.get("update_systems")).extracting(c -> c.get("user_agent").asText())
                    .containsExactlyInAnyOrder("deploy-bot/1.0", "curl/8.5.0");
            assertThat(report.get("review_security_log").get("command").asText()).isEqualTo("latchkey audit --limit 100");

            assertThat(replacement.get("id").asLong()).isNotEqualTo(id);
            assertThat(replacement.get("name").asText()).isEqualTo("deploy");
            assertThat(replacement.get("description").asText()).isEqualTo("CI deploys");
            assertThat(replacement.get("scopes")).extracting(JsonNode::asText).containsExactly("repo", "workflow");
            assertThat(Instant.parse(replacement.get("expires_at").asText()))
                    .isEqualTo(Instant.parse(replacement.get("created_at").asText()).plus(Duration.ofDays(90)));
            assertThat(Instant.parse(replacement.get("created_at").asText())).isAfter(Instant.parse(created.get("created_at").asText()));
            assertThat(old.status()).isEqualTo(401);
            assertThat(old.json().get("message").asText()).contains("its owner reported it compromised");
            assertThat(fresh.status()).isEqualTo(200);
            assertThat(server.get("/api/v1/user/audit-log", freshSession).body()).contains("token.compromised")
                    .contains("\"replaces_compromised_token_id\":\"" + id + "\"");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_second_report_keeps_the_first_revocation_and_without_replace_makes_no_new_token(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = "token " + server.signInAdmin();
            long id = server.createToken(session.substring(6), "{\"name\":\"quiet\",\"scopes\":[\"repo\"]}").get("id").asLong();
            server.send("POST", "/api/v1/user/tokens/" + id + "/revoke", session, null);

            Response breach = server.send("POST", "/api/v1/user/tokens/" + id + "/breach", session, null);
            Response unknown = server.send("POST", "/api/v1/user/tokens/987654/breach", session, "{\"replace\":true}");
            Response bad = server.send("POST", "/api/v1/user/tokens/" + id + "/breach", session, "{\"replace\":\"yes please\"}");

            assertThat(breach.status()).isEqualTo(200);
            assertThat(breach.json().get("revoked_now").asBoolean()).isFalse();
            assertThat(breach.json().get("token").get("revocation_reason").asText()).isEqualTo("revoked");
            assertThat(breach.json().get("replacement").isNull()).isTrue();
            assertThat(breach.json().get("usage").get("total_uses").asLong()).isZero();
            assertThat(breach.json().get("update_systems")).isEmpty();
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(bad.status()).isIn(400, 422);
            assertThat(server.get("/api/v1/user/tokens?state=all", session).json()).hasSize(1);
        }
    }

    private static void use(TestServer server, String authorization, String path, String userAgent) {
        Response response = server.client().send("GET", path, Map.of("Authorization", authorization, "User-Agent", userAgent),
                (HttpRequest.BodyPublisher) null);
        assertThat(response.status()).as(path).isEqualTo(200);
    }
}
