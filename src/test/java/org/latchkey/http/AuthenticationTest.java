package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How credentials are judged: unknown, malformed, missing, wrong scope, rate limits and lockouts. */
class AuthenticationTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void unknown_malformed_and_missing_credentials_get_401_without_detail(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String unknown = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());
            String mistyped = unknown.substring(0, 20) + (unknown.charAt(20) == 'a' ? 'b' : 'a') + unknown.substring(21);

            for (String authorization : new String[] {"token " + unknown, "token " + mistyped, "Bearer nonsense",
                    "Basic !!!notbase64", "Digest abc", "token", "tokenlkp_x"}) {
                Response response = server.get("/api/v1/user", authorization);
                assertThat(response.status()).as(authorization).isEqualTo(401);
                assertThat(response.json().get("message").asText()).isEqualTo("Bad credentials");
                assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Latchkey\"");
            }
            Response missing = server.get("/api/v1/user", null);
            assertThat(missing.status()).isEqualTo(401);
            assertThat(missing.json().get("message").asText()).isEqualTo("Requires authentication");
            assertThat(server.get("/health", null).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_route_needing_a_missing_scope_answers_403_naming_it(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            String repoOnly = server.createToken(session, "{\"name\":\"repo\",\"scopes\":[\"repo\"]}").get("token").asText();
            String auditor = server.createToken(session, "{\"name\":\"audit\",\"scopes\":[\"read:audit_log\"]}").get("token").asText();

            Response denied = server.get("/api/v1/user/audit-log", "token " + repoOnly);

            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.json().get("message").asText()).contains("read:audit_log");
            assertThat(denied.header("X-Accepted-OAuth-Scopes")).isEqualTo("read:audit_log");
            assertThat(denied.header("X-OAuth-Scopes")).isEqualTo("repo");
            assertThat(server.get("/api/v1/user/audit-log", "token " + auditor).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_personal_access_token_cannot_mint_or_list_tokens(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            String pat = server.createToken(session, "{\"name\":\"all\",\"scopes\":[\"repo\",\"user\",\"admin:org\"]}")
                    .get("token").asText();

            Response minted = server.send("POST", "/api/v1/user/tokens", "token " + pat, "{\"name\":\"more\",\"scopes\":[\"repo\"]}");

            assertThat(minted.status()).isEqualTo(403);
            assertThat(minted.json().get("error").asText()).isEqualTo("session_required");
            assertThat(server.get("/api/v1/user/tokens", "token " + pat).status()).isEqualTo(403);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void rate_limit_answers_429_with_retry_after_until_the_window_resets(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, settings -> settings.withRateLimitPerHour(3))) {
            String session = server.signInAdmin();
            String pat = server.createToken(session, "{\"name\":\"busy\",\"scopes\":[]}").get("token").asText();

            for (int i = 1; i <= 3; i++) {
                Response ok = server.get("/api/v1/user", "token " + pat);
                assertThat(ok.status()).isEqualTo(200);
                assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(3 - i));
                assertThat(ok.header("X-RateLimit-Used")).isEqualTo(Integer.toString(i));
            }
            Response limited = server.get("/api/v1/user", "token " + pat);

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isNotNull();
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(3000L, 3600L);
            assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(limited.json().get("message").asText()).contains("rate limit exceeded");

            server.clock().advance(Duration.ofHours(1));
            assertThat(server.get("/api/v1/user", "token " + pat).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void ten_failed_logins_lock_that_account_only_until_the_lockout_passes(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            createUser(server, session, "alice", "correct horse battery");
            createUser(server, session, "bob", "another long password");

            for (int i = 0; i < 10; i++) {
                Response failed = server.send("POST", "/api/v1/session", null, "{\"username\":\"alice\",\"password\":\"wrong password\"}");
                assertThat(failed.status()).isEqualTo(401);
                assertThat(failed.json().get("message").asText()).isEqualTo("Incorrect username or password.");
            }
            Response locked = server.send("POST", "/api/v1/session", null,
                    "{\"username\":\"alice\",\"password\":\"correct horse battery\"}");

            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.json().get("message").asText()).contains("Too many failed").contains("Try again after");
            assertThat(locked.header("Retry-After")).isNotNull();
            assertThat(server.signIn("bob", "another long password")).startsWith("lks_");

            server.clock().advance(Duration.ofMinutes(16));
            assertThat(server.signIn("alice", "correct horse battery")).startsWith("lks_");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void thirty_failed_authentications_lock_out_the_address(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            String pat = server.createToken(session, "{\"name\":\"ok\",\"scopes\":[]}").get("token").asText();
            String unknown = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());

            for (int i = 0; i < 30; i++) {
                assertThat(server.get("/api/v1/user", "token " + unknown).status()).isEqualTo(401);
            }
            Response locked = server.get("/api/v1/user", "token " + pat);

            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.json().get("error").asText()).isEqualTo("locked_out");

            server.clock().advance(Duration.ofMinutes(16));
            assertThat(server.get("/api/v1/user", "token " + pat).status()).isEqualTo(200);
        }
    }

    static void createUser(TestServer server, String adminSession, String login, String password) {
        Response created = server.send("POST", "/api/v1/admin/users", "token " + adminSession,
                "{\"username\":\"" + login + "\",\"password\":\"" + password + "\",\"email\":\"" + login + "@example.com\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode user = created.json();
        assertThat(user.get("login").asText()).isEqualTo(login);
    }
}
