package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.latchkey.LogCapture;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;

/** The public leak report endpoint over HTTP: revokes live tokens, reveals nothing, throttles per address. */
class LeakReportTest {

    private static final String PATH = "/api/v1/credentials/revoke";
    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    private static final String THANKS = "{\"message\":\"Thank you. Any live Latchkey tokens in the list have been revoked.\"}";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void reported_live_token_is_revoked_and_its_owner_told_where(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode created = server.createToken(session, "{\"name\":\"pasted\",\"scopes\":[\"repo\"],\"expires_in_days\":7}");
            String secret = created.get("token").asText();
            JsonNode other = server.createToken(session, "{\"name\":\"kept\",\"scopes\":[\"repo\"],\"expires_in_days\":7}");

            Response answer = report(server, "{\"credentials\":[\"" + secret + "\"],\"source\":\"https://example.com/paste/123\"}");

            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.body()).isEqualTo(THANKS).doesNotContain(secret);
            Response refused = server.get("/api/v1/user", "token " + secret);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("message").asText()).contains("it was reported as leaked");
            assertThat(server.get("/api/v1/user", "token " + other.get("token").asText()).status()).isEqualTo(200);
            JsonNode shown = server.get("/api/v1/user/tokens/" + created.get("id").asLong(), "token " + session).json();
            assertThat(shown.get("revocation_reason").asText()).isEqualTo("reported_leaked");
            String audit = server.get("/api/v1/user/audit-log", "token " + session).body();
            assertThat(audit).contains("token.reported_leaked", "https://example.com/paste/123", "latchkey-test", "127.0.0.1")
                    .doesNotContain(secret);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void dead_unknown_and_garbage_credentials_get_the_same_answer(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode revoked = server.createToken(session, "{\"name\":\"old\",\"scopes\":[\"repo\"],\"expires_in_days\":7}");
            server.send("POST", "/api/v1/user/tokens/" + revoked.get("id").asLong() + "/revoke", "token " + session, null);
            JsonNode expired = server.createToken(session, "{\"name\":\"short\",\"scopes\":[\"repo\"],\"expires_in_days\":1}");
            server.clock().advance(Duration.ofDays(2));
            session = server.signInAdmin();
            String unknown = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());
            String mistyped = unknown.substring(0, 39) + (unknown.charAt(39) == 'a' ? 'b' : 'a');

            for (String list : new String[] {"\"" + revoked.get("token").asText() + "\"", "\"" + unknown + "\"",
                    "\"" + expired.get("token").asText() + "\"",
                    "\"" + mistyped + "\"", "\"hello\",\"\"", "\"ghp_abc\""}) {
                Response answer = report(server, "{\"credentials\":[" + list + "]}");
                assertThat(answer.status()).as(list).isEqualTo(202);
                assertThat(answer.body()).isEqualTo(THANKS);
            }
            JsonNode shown = server.get("/api/v1/user/tokens/" + revoked.get("id").asLong(), "token " + session).json();
            assertThat(shown.get("revocation_reason").asText()).isEqualTo("revoked");
            JsonNode stillExpired = server.get("/api/v1/user/tokens/" + expired.get("id").asLong(), "token " + session).json();
            assertThat(stillExpired.get("state").asText()).isEqualTo("expired");
            assertThat(server.get("/api/v1/user/audit-log", "token " + session).body()).doesNotContain("token.reported_leaked");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void malformed_reports_are_refused_without_echoing_what_was_sent(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String many = "{\"credentials\":[" + String.join(",", Collections.nCopies(1001, "\"x\"")) + "]}";
            String secretLike = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());
            String tooLong = "{\"credentials\":[\"" + secretLike + "x".repeat(250) + "\"]}";

            assertThat(report(server, many).status()).isEqualTo(422);
            Response longOne = report(server, tooLong);
            assertThat(longOne.status()).isEqualTo(422);
            assertThat(longOne.json().get("field").asText()).isEqualTo("credentials[0]");
            assertThat(longOne.body()).doesNotContain(secretLike);
            assertThat(report(server, "{\"credentials\":[]}").status()).isEqualTo(422);
            assertThat(report(server, "{\"credentials\":[1]}").status()).isEqualTo(422);
            assertThat(report(server, "{\"credentials\":\"" + secretLike + "\"}").body()).doesNotContain(secretLike);
            assertThat(report(server, "{\"" + secretLike + "\":1,\"credentials\":[\"a\"]}").body()).doesNotContain(secretLike);
            Response notJson = report(server, "[\"" + secretLike + "\"");
            assertThat(notJson.status()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void an_address_may_report_ten_times_a_minute(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            for (int i = 0; i < 10; i++) {
                assertThat(report(server, "{\"credentials\":[\"x\"]}").status()).isEqualTo(202);
            }

            Response limited = report(server, "{\"credentials\":[\"x\"]}");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().get("error").asText()).isEqualTo("rate_limited");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);

            server.clock().advance(Duration.ofSeconds(61));
            assertThat(report(server, "{\"credentials\":[\"x\"]}").status()).isEqualTo(202);
        }
    }

    private static Response report(TestServer server, String body) {
        return server.send("POST", PATH, null, body);
    }
}
