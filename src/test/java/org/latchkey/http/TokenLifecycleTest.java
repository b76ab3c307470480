package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The seed's lifecycle end to end over HTTP: create, use, expire, revoke, regenerate, rotate, delete. */
class TokenLifecycleTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void created_token_works_with_token_bearer_and_basic_headers_and_records_its_use(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode created = server.createToken(session,
                    "{\"name\":\"deploy\",\"description\":\"CI deploys\",\"scopes\":[\"workflow\",\"repo\"],\"expires_in_days\":7}");
            String secret = created.get("token").asText();

            assertThat(secret).startsWith("lkp_").hasSize(40);
            assertThat(created.get("name").asText()).isEqualTo("deploy");
            assertThat(created.get("description").asText()).isEqualTo("CI deploys");
            assertThat(created.get("scopes")).extracting(JsonNode::asText).containsExactly("repo", "workflow");
            assertThat(Instant.parse(created.get("expires_at").asText()))
                    .isEqualTo(Instant.parse(created.get("created_at").asText()).plus(Duration.ofDays(7)));

            String basic = "Basic " + Base64.getEncoder().encodeToString(("anyone:" + secret).getBytes(StandardCharsets.UTF_8));
            for (String authorization : new String[] {"token " + secret, "Bearer " + secret, basic}) {
                Response user = server.get("/api/v1/user", authorization);
                assertThat(user.status()).as(authorization.substring(0, 6)).isEqualTo(200);
                assertThat(user.json().get("login").asText()).isEqualTo("admin");
                assertThat(user.header("X-OAuth-Scopes")).isEqualTo("repo, workflow");
                assertThat(user.header("Latchkey-Authentication-Token-Expiration")).endsWith(" UTC");
                assertThat(user.header("Access-Control-Expose-Headers")).contains("Latchkey-Authentication-Token-Expiration");
                assertThat(user.header("X-RateLimit-Limit")).isEqualTo("5000");
            }

            server.latchkey().flushUsage();
            JsonNode shown = server.get("/api/v1/user/tokens/" + created.get("id").asLong(), "token " + session).json();
            assertThat(shown.has("token")).isFalse();
            assertThat(shown.get("last_used_at").isNull()).isFalse();
            assertThat(shown.get("last_used_ips")).extracting(JsonNode::asText).containsExactly("127.0.0.1");
            assertThat(shown.get("state").asText()).isEqualTo("active");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void expired_token_is_refused_with_when_it_expired_and_the_attempt_is_audited(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode created = server.createToken(session, "{\"name\":\"short\",\"scopes\":[\"repo\"],\"expires_in_days\":1}");
            String secret = created.get("token").asText();

            server.clock().advance(Duration.ofDays(1).plusMinutes(1));
            Response refused = server.get("/api/v1/user", "token " + secret);

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("message").asText()).startsWith("This token expired on ").doesNotContain(secret);
            assertThat(refused.json().get("error").asText()).isEqualTo("token_expired");
            String freshSession = server.signInAdmin();
            JsonNode listed = server.get("/api/v1/user/tokens?state=inactive", "token " + freshSession).json();
            assertThat(listed).extracting(t -> t.get("name").asText()).containsExactly("short");
            assertThat(listed.get(0).get("expired").asBoolean()).isTrue();
            assertThat(server.get("/api/v1/user/audit-log", "token " + freshSession).body())
                    .contains("token.expired_token_used");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void revoked_token_stops_at_once_stays_listed_and_delete_hides_it(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode created = server.createToken(session, "{\"name\":\"laptop\",\"scopes\":[\"repo\"]}");
            long id = created.get("id").asLong();
            String secret = created.get("token").asText();
            assertThat(server.get("/api/v1/user", "token " + secret).status()).isEqualTo(200);

            assertThat(server.send("POST", "/api/v1/user/tokens/" + id + "/revoke", "token " + session, null).status()).isEqualTo(204);

            Response refused = server.get("/api/v1/user", "token " + secret);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("message").asText()).contains("was revoked on");
            JsonNode shown = server.get("/api/v1/user/tokens/" + id, "token " + session).json();
            assertThat(shown.get("revoked").asBoolean()).isTrue();
            assertThat(shown.get("state").asText()).isEqualTo("revoked");

            assertThat(server.send("DELETE", "/api/v1/user/tokens/" + id, "token " + session, null).status()).isEqualTo(204);
            assertThat(server.get("/api/v1/user/tokens/" + id, "token " + session).status()).isEqualTo(404);
            assertThat(server.get("/api/v1/user/tokens", "token " + session).json()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void regenerate_issues_a_new_secret_and_the_old_one_stops_working(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode created = server.createToken(session, "{\"name\":\"ci\",\"scopes\":[\"repo\"],\"expires_in_days\":30}");
            long id = created.get("id").asLong();
            String oldSecret = created.get("token").asText();

            Response regenerated = server.send("POST", "/api/v1/user/tokens/" + id + "/regenerate", "token " + session,
                    "{\"scopes\":[\"repo\",\"read:audit_log\"],\"expires_in_days\":60}");

            assertThat(regenerated.status()).isEqualTo(200);
            String newSecret = regenerated.json().get("token").asText();
            assertThat(newSecret).isNotEqualTo(oldSecret);
            assertThat(regenerated.json().get("id").asLong()).isEqualTo(id);
            assertThat(server.get("/api/v1/user", "token " + oldSecret).json().get("message").asText()).isEqualTo("Bad credentials");
            assertThat(server.get("/api/v1/user/audit-log", "token " + newSecret).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void expired_token_can_be_regenerated_keeping_its_lifetime(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            long id = server.createToken(session, "{\"name\":\"old\",\"scopes\":[],\"expires_in_days\":7}").get("id").asLong();
            server.clock().advance(Duration.ofDays(8));
            String fresh = server.signInAdmin();

            Response regenerated = server.send("POST", "/api/v1/user/tokens/" + id + "/regenerate", "token " + fresh, null);

            assertThat(regenerated.status()).isEqualTo(200);
            JsonNode token = regenerated.json();
            assertThat(Instant.parse(token.get("expires_at").asText())).isEqualTo(server.clock().instant()
                    .truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plus(Duration.ofDays(7)));
            assertThat(server.get("/api/v1/user", "token " + token.get("token").asText()).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void self_rotation_replaces_the_token_and_reusing_the_old_secret_after_the_interval_revokes_the_family(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode created = server.createToken(session, "{\"name\":\"bot\",\"scopes\":[\"repo\",\"self_rotate\"],\"expires_in_days\":10}");
            String first = created.get("token").asText();

            Response rotated = server.send("POST", "/api/v1/tokens/self/rotate", "token " + first, null);
            assertThat(rotated.status()).isEqualTo(201);
            String second = rotated.json().get("token").asText();
            assertThat(rotated.json().get("name").asText()).isEqualTo("bot");
            assertThat(rotated.json().get("scopes")).extracting(JsonNode::asText).containsExactly("repo", "self_rotate");
            assertThat(server.get("/api/v1/user", "token " + second).status()).isEqualTo(200);

            server.clock().advance(Duration.ofSeconds(61));
            Response reuse = server.get("/api/v1/user", "token " + first);

            assertThat(reuse.status()).isEqualTo(401);
            assertThat(reuse.json().get("message").asText()).contains("whole family was revoked");
            assertThat(server.get("/api/v1/user", "token " + second).status()).isEqualTo(401);
            assertThat(server.get("/api/v1/user/audit-log", "token " + session).body())
                    .contains("token.rotated", "token.family_revoked");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void rename_and_describe_without_changing_the_secret(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode created = server.createToken(session, "{\"name\":\"a\",\"scopes\":[\"repo\"]}");

            Response patched = server.send("PATCH", "/api/v1/user/tokens/" + created.get("id").asLong(), "token " + session,
                    "{\"name\":\"build server\",\"description\":\"Jenkins\"}");

            assertThat(patched.status()).isEqualTo(200);
            assertThat(patched.json().get("name").asText()).isEqualTo("build server");
            assertThat(patched.json().get("description").asText()).isEqualTo("Jenkins");
            assertThat(patched.json().has("token")).isFalse();
            assertThat(server.get("/api/v1/user", "token " + created.get("token").asText()).status()).isEqualTo(200);
        }
    }
}
