package org.latchkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;

/**
 * A whole life of tokens and accounts, with mistakes and secrets in the wrong places, after which
 * no token secret and no password appears in any log line, in any answer that is not the one
 * issuing it, or anywhere in the database.
 */
class NoSecretLeakTest {

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void no_secret_or_password_reaches_a_log_line_another_answer_or_the_database(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            Lifecycle life = new Lifecycle(server);
            life.run();
            server.stop();
            String database;
            try (Connection connection = server.connectToDatabase()) {
                database = DatabaseDump.dump(connection);
            }

            assertThat(database).as("the dump holds what the test did").contains("frank", "token.rotated", "token.revoked",
                    "hook.created", "notice_deliveries.state: PENDING", "token.expired:", "security.alert",
                    "alert.revoked_token_used", "alert.expired_token_used");
            assertThat(logs.text()).as("the log holds what the test did").contains("audit token.created");
            assertAll(
                    () -> SecretScan.assertClean("log lines", logs.text(), life.secrets),
                    () -> SecretScan.assertClean("answers", String.join("\n", life.answers), life.secrets),
                    () -> SecretScan.assertClean("the database", database, life.secrets));
        }
    }

    /** Drives the server and keeps every secret it saw and every answer that must not show one. */
    private static final class Lifecycle {
        private final TestServer server;
        private final ApiClient api;
        private final Set<String> secrets = new LinkedHashSet<>();
        private final List<String> answers = new ArrayList<>();

        Lifecycle(TestServer server) {
            this.server = server;
            this.api = server.client();
        }

        void run() {
            String adminPassword = secret(server.adminPassword());
            String frankPassword = secret("franks passphrase " + TokenFormat.generate(TokenType.CLASSIC, new SecureRandom())
                    .substring(4, 20));
            String wrongPassword = secret("not the password " + frankPassword.hashCode());

            expect(401, "POST", "/api/v1/session", null, login("admin", wrongPassword));
            expect(401, "POST", "/api/v1/session", null, login(adminPassword, adminPassword));
            String admin = issued(expectIssued(201, "POST", "/api/v1/session", null, login("admin", adminPassword)));
            expect(201, "POST", "/api/v1/admin/users", "token " + admin,
                    "{\"username\":\"frank\",\"password\":\"" + frankPassword + "\",\"email\":\"frank@example.com\"}");
            expect(422, "POST", "/api/v1/admin/users", "token " + admin,
                    "{\"username\":\"bad name\",\"password\":\"" + secret("another good password") + "\"}");
            expect(422, "POST", "/api/v1/admin/users", "token " + admin, "{\"username\":\"gina\",\"password\":\"" + secret("short") + "\"}");
            String frank = issued(expectIssued(201, "POST", "/api/v1/session", null, login("frank", frankPassword)));

            JsonNode a = create(frank, "{\"name\":\"a\",\"scopes\":[\"repo\"]}");
            JsonNode b = create(frank, "{\"name\":\"b\",\"scopes\":[\"self_rotate\"],\"expires_in_days\":3}");
            JsonNode c = create(frank, "{\"name\":\"c\",\"scopes\":[],\"expires_in_days\":1}");
            JsonNode d = create(frank, "{\"name\":\"d\",\"scopes\":[\"read:audit_log\"]}");
            String secretA = a.get("token").asText();

            useEveryWay(secretA);
            misuse(frank, secretA);

            expect(204, "POST", "/api/v1/user/tokens/" + a.get("id").asLong() + "/revoke", "token " + frank, null);
            expect(401, "GET", "/api/v1/user", "token " + secretA, null);

            String secretD = issued(expectIssued(200, "POST", "/api/v1/user/tokens/" + d.get("id").asLong() + "/regenerate",
                    "token " + frank, "{\"expires_in_days\":10}"));
            expect(401, "GET", "/api/v1/user", "token " + d.get("token").asText(), null);
            expect(200, "GET", "/api/v1/user/audit-log", "token " + secretD, null);

            String secretB = b.get("token").asText();
            String rotated = issued(expectIssued(201, "POST", "/api/v1/tokens/self/rotate", "token " + secretB, null));
            expect(200, "GET", "/api/v1/user", "token " + rotated, null);
            expect(401, "GET", "/api/v1/user", "token " + secretB, null);
            server.clock().advance(Duration.ofMinutes(2));
            expect(401, "GET", "/api/v1/user", "token " + secretB, null);
            expect(401, "GET", "/api/v1/user", "token " + rotated, null);

            String hookSecret = secret("franks hook secret " + frankPassword.hashCode());
            expect(201, "POST", "/api/v1/user/hooks", "token " + frank,
                    "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"*\"],\"secret\":\"" + hookSecret + "\"}");
            expect(422, "POST", "/api/v1/user/hooks", "token " + frank,
                    "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"*\"],\"secret\":\"" + secret("short-hook-key") + "\"}");
            Response generated = send(201, "POST", "/api/v1/user/hooks", "token " + frank,
                    "{\"url\":\"http://127.0.0.1:9/other\",\"events\":[\"token.*\"]}");
            String generatedSecret = secret(generated.json().get("secret").asText());
            answers.add(answer(generated, generated.body().replace(generatedSecret, "<the secret generated>")));
            long hookId = generated.json().get("id").asLong();
            expect(200, "GET", "/api/v1/user/hooks", "token " + frank, null);
            expect(200, "POST", "/api/v1/user/hooks/" + hookId + "/ping", "token " + frank, null);
            expect(200, "GET", "/api/v1/user/tokens", "token " + frank, null);
            expect(200, "GET", "/api/v1/user/tokens/" + c.get("id").asLong(), "token " + frank, null);
            expect(200, "GET", "/api/v1/user/audit-log?per_page=100", "token " + frank, null);
            server.latchkey().flushUsage();

            server.clock().advance(Duration.ofDays(2));
            server.latchkey().runExpiryNotices();
            server.latchkey().dispatchNotices();
            expect(200, "GET", "/api/v1/user/hooks/" + hookId + "/deliveries", "token " + again(frankPassword), null);
            expect(401, "GET", "/api/v1/user", "token " + c.get("token").asText(), null);
            expect(401, "GET", "/api/v1/user", "token " + frank, null);
            String again = issued(expectIssued(201, "POST", "/api/v1/session", null, login("frank", frankPassword)));
            expect(204, "DELETE", "/api/v1/session", "token " + again, null);
            expect(401, "GET", "/api/v1/user", "token " + again, null);
            server.latchkey().flushUsage();
        }

        private String again(String password) {
            return issued(expectIssued(201, "POST", "/api/v1/session", null, login("frank", password)));
        }

        /** A live token used with every header git, curl and the API clients send. */
        private void useEveryWay(String secret) {
            String basic = Base64.getEncoder().encodeToString(("frank:" + secret).getBytes(StandardCharsets.UTF_8));
            String basicAsUser = Base64.getEncoder().encodeToString((secret + ":x-oauth-basic").getBytes(StandardCharsets.UTF_8));
            for (String authorization : new String[] {"token " + secret, "Bearer " + secret, "Basic " + basic,
                    "Basic " + basicAsUser}) {
                expect(200, "GET", "/api/v1/user", authorization, null);
            }
        }

        /** Secrets where they do not belong: each request is refused without repeating them. */
        private void misuse(String session, String secret) {
            String mistyped = secret(secret.substring(0, 39) + (secret.charAt(39) == 'a' ? 'b' : 'a'));
            expect(401, "GET", "/api/v1/user", "Bearer " + secret + "x", null);
            expect(401, "GET", "/api/v1/user", "token " + mistyped, null);
            expect(401, "GET", "/api/v1/user", "Basic " + secret, null);
            expect(403, "POST", "/api/v1/user/tokens", "token " + secret, "{\"name\":\"e\",\"scopes\":[]}");
            String tokens = "/api/v1/user/tokens";
            String auth = "token " + session;
            expect(422, "POST", tokens, auth, "{\"name\":\"e\",\"scopes\":[],\"note\":\"" + secret + "\"}");
            expect(422, "POST", tokens, auth, "{\"name\":\"e\",\"scopes\":[],\"" + secret + "\":1}");
            expect(422, "POST", tokens, auth, "{\"name\":\"e\",\"scopes\":[\"" + secret + "\"]}");
            expect(422, "POST", tokens, auth, "{\"name\":\"e\",\"scopes\":[\"" + secret.substring(0, 20) + "\"]}");
            expect(422, "POST", tokens, auth, "{\"name\":\"e\",\"scopes\":[],\"expires_at\":\"" + secret + "\"}");
            expect(422, "POST", tokens, auth, "{\"name\":\"e\",\"scopes\":[],\"expires\":\"" + secret + "\"}");
            expect(422, "POST", tokens, auth, "{\"name\":\"" + secret + "\",\"scopes\":[]}");
            expect(422, "POST", tokens, auth, "{\"name\":\"e\",\"description\":\"token: " + secret + "\",\"scopes\":[]}");
            expect(422, "POST", tokens, auth, "{\"name\":" + secret.length() + ",\"scopes\":[\"" + secret + "\"]}");
            String fineGrained = "{\"name\":\"f\",\"type\":\"fine_grained\",\"permissions\":{\"contents\":\"read\"},"
                    + "\"expires_in_days\":7,\"resources\":[{\"owner\":";
            expect(422, "POST", tokens, auth, fineGrained + "\"" + secret + "\",\"repositories\":\"all\"}]}");
            expect(422, "POST", tokens, auth, fineGrained + "\"frank\",\"repositories\":[\"" + secret + "\"]}]}");
            expect(422, "POST", tokens, auth, fineGrained + "\"frank\",\"repositories\":\"" + secret + "\"}]}");
            expect(422, "POST", tokens, auth, "{\"name\":\"f\",\"type\":\"fine_grained\",\"resources\":[{\"owner\":"
                    + "\"frank\",\"repositories\":\"all\"}],\"permissions\":{\"" + secret + "\":\"read\"},\"expires_in_days\":7}");
            expect(400, "POST", tokens, auth, "{\"name\":\"" + secret + "\",\"scopes\":[");
            expect(400, "POST", tokens, auth, "{\"name\":\"" + secret + "\",\"name\":\"e\",\"scopes\":[]}");
            expect(400, "POST", tokens, auth, "[\"" + secret + "\"]");
            expect(400, "POST", tokens, auth, "\"" + secret + "\"");
            expectRaw(400, ApiClient.head("GET /api/v1/user/tokens/" + secret + "%00 HTTP/1.1", "Authorization: " + auth));
            expectRaw(400, ApiClient.head("GET /api/v1/user/tokens/%C0" + secret + " HTTP/1.1", "Authorization: " + auth));
            expectRaw(431, ApiClient.head("GET /api/v1/user HTTP/1.1", "Authorization: token " + secret,
                    "X-Padding: " + "x".repeat(16 * 1024)));
            expect(404, "GET", "/api/v1/user/tokens/" + secret, auth, null);
            expect(401, "POST", "/api/v1/session", null, login("frank", secret));
            expect(401, "POST", "/api/v1/session", null, login(secret, secret));
            expect(422, "POST", "/api/v1/session", null, "{\"username\":\"frank\",\"password\":\"" + secret + "\",\"otp\":1}");
            expect(422, "POST", "/api/v1/user/repos", auth, "{\"name\":\"site\",\"description\":\"deploy key " + secret + "\"}");
            expect(422, "POST", "/api/v1/user/hooks", auth, "{\"url\":\"https://hooks.example.com/in?t=" + secret
                    + "\",\"events\":[\"*\"]}");
            expect(422, "POST", "/api/v1/credentials/revoke", null, "{\"credentials\":[\"not a token\"],\"source\":\"pasted "
                    + secret + "\"}");
        }

        private JsonNode create(String session, String request) {
            JsonNode created = expectIssued(201, "POST", "/api/v1/user/tokens", "token " + session, request);
            issued(created);
            return created;
        }

        private String secret(String secret) {
            secrets.add(secret);
            return secret;
        }

        private String issued(JsonNode answer) {
            return secret(answer.get("token").asText());
        }

        private static String login(String username, String password) {
            return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
        }

        /** An answer that must not show any secret. */
        private void expect(int status, String method, String path, String authorization, String body) {
            Response response = send(status, method, path, authorization, body);
            answers.add(answer(response, response.body()));
        }

        /** An answer to a request no client library would send, that must not show any secret. */
        private void expectRaw(int status, byte[] head) {
            Response response = api.sendRaw(head, null);
            assertThat(response.status()).as(response.body()).isEqualTo(status);
            answers.add(answer(response, response.body()));
        }

        /** An answer that shows the secret it issues, and no other. */
        private JsonNode expectIssued(int status, String method, String path, String authorization, String body) {
            Response response = send(status, method, path, authorization, body);
            String issued = response.json().get("token").asText();
            answers.add(answer(response, response.body().replace(issued, "<the secret issued>")));
            return response.json();
        }

        /** An answer as kept for scanning: status, headers and body (not the request, which may hold a secret). */
        private static String answer(Response response, String body) {
            return response.status() + " " + response.headers().map() + "\n" + body;
        }

        private Response send(int status, String method, String path, String authorization, String body) {
            Response response = api.send(method, path, authorization, body);
            assertThat(response.status()).as("%s %s %s: %s", method, path, body, response.body()).isEqualTo(status);
            return response;
        }
    }
}
