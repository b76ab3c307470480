package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * {@code GET /api/v1/auth/check} for reverse proxies: 204 naming the user and token, 401 with the
 * same challenge for every missing or dead secret, 403 naming what is missing, and never another
 * status for a refusal a proxy must pass on (a rate limit is 403); each check is one use.
 */
class AuthCheckTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_token_with_the_required_scope_passes_and_is_named(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode token = server.createToken(session, "{\"name\":\"proxy\",\"scopes\":[\"repo\",\"read:org\"]}");
            String secret = token.get("token").asText();

            Response checked = check(server, "GET", "token " + secret, Map.of("X-Latchkey-Required-Scope", "repo"));
            Response head = check(server, "HEAD", "Bearer " + secret, Map.of("X-Latchkey-Required-Scope", "public_repo"));
            Response basic = check(server, "GET", basic("x-access-token", secret), Map.of());
            Response both = check(server, "GET", "token " + secret, Map.of("X-Latchkey-Required-Scope", "repo, read:org"));

            assertThat(checked.status()).isEqualTo(204);
            assertThat(checked.body()).isEmpty();
            assertThat(checked.header("X-Latchkey-User")).isEqualTo("admin");
            assertThat(checked.header("X-Latchkey-Token-Id")).isEqualTo(token.get("id").asText());
            assertThat(checked.header("X-Latchkey-Token-Type")).isEqualTo("classic");
            assertThat(checked.header("X-Latchkey-Scopes")).isEqualTo("repo, read:org");
            assertThat(checked.header("Cache-Control")).isEqualTo("no-store");
            assertThat(head.status()).isEqualTo(204);
            assertThat(head.header("X-Latchkey-User")).isEqualTo("admin");
            assertThat(basic.status()).isEqualTo(204);
            assertThat(both.status()).isEqualTo(204);
        }
    }

    @Test
    void every_listed_scope_is_required_and_the_refusal_names_the_missing_one() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String secret = server.createToken(server.signInAdmin(), "{\"name\":\"r\",\"scopes\":[\"repo\"]}").get("token").asText();

            Response missing = check(server, "GET", "token " + secret, Map.of("X-Latchkey-Required-Scope", "repo,workflow"));
            Response twoHeaders = send(server, "GET", "token " + secret, List.of("X-Latchkey-Required-Scope", "repo",
                    "X-Latchkey-Required-Scope", "admin:org"));
            Response caseless = check(server, "GET", "token " + secret, Map.of("X-Latchkey-Required-Scope", "REPO"));

            assertThat(missing.status()).isEqualTo(403);
            assertThat(missing.json().get("error").asText()).isEqualTo("insufficient_scope");
            assertThat(missing.json().get("message").asText()).contains("'workflow'");
            assertThat(missing.header("X-Accepted-OAuth-Scopes")).isEqualTo("workflow");
            assertThat(missing.header("X-Latchkey-User")).isNull();
            assertThat(twoHeaders.status()).isEqualTo(403);
            assertThat(twoHeaders.json().get("message").asText()).contains("'admin:org'");
            assertThat(caseless.status()).isEqualTo(204);
        }
    }

    @Test
    void missing_unknown_malformed_revoked_and_expired_secrets_get_the_same_401_challenge() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            JsonNode revoked = server.createToken(session, "{\"name\":\"gone\",\"scopes\":[\"repo\"]}");
            String expiring = server.createToken(session, "{\"name\":\"short\",\"scopes\":[\"repo\"],\"expires_in_days\":1}")
                    .get("token").asText();
            assertThat(server.send("POST", "/api/v1/user/tokens/" + revoked.get("id").asText() + "/revoke", "token " + session,
                    null).status()).isEqualTo(204);
            server.clock().advance(Duration.ofDays(2));
            String unknown = "lkp_" + "0".repeat(30) + "abcdef";

            List<Response> refused = List.of(check(server, "GET", null, Map.of()),
                    check(server, "GET", "token nonsense", Map.of()),
                    check(server, "GET", "token " + unknown, Map.of()),
                    check(server, "GET", "token " + revoked.get("token").asText(), Map.of()),
                    check(server, "HEAD", "token " + expiring, Map.of()),
                    check(server, "GET", basic("git", "not-a-token"), Map.of()));

            for (Response response : refused) {
                assertThat(response.status()).isEqualTo(401);
                assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Latchkey\"");
                assertThat(response.header("X-Latchkey-User")).isNull();
            }
        }
    }

    @Test
    void a_fine_grained_token_meets_a_scope_with_the_permission_that_stands_for_it() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            String reader = fineGrained(server, session, "{\"contents\":\"read\"}");
            String writer = fineGrained(server, session, "{\"contents\":\"write\"}");

            Response readerForRepo = check(server, "GET", "token " + reader, Map.of("X-Latchkey-Required-Scope", "repo"));
            Response writerForRepo = check(server, "GET", "token " + writer, Map.of("X-Latchkey-Required-Scope", "repo"));
            Response readerForRead = check(server, "GET", "token " + reader,
                    Map.of("X-Latchkey-Required-Permission", "contents:read"));
            Response writerForUser = check(server, "GET", "token " + writer, Map.of("X-Latchkey-Required-Scope", "user"));

            assertThat(readerForRepo.status()).isEqualTo(403);
            assertThat(readerForRepo.json().get("error").asText()).isEqualTo("missing_permission");
            assertThat(readerForRepo.json().get("message").asText()).contains("contents=write").contains("'repo'");
            assertThat(readerForRepo.header("X-Accepted-Latchkey-Permissions")).isEqualTo("contents=write");
            assertThat(writerForRepo.status()).isEqualTo(204);
            assertThat(writerForRepo.header("X-Latchkey-Token-Type")).isEqualTo("fine_grained");
            assertThat(writerForRepo.header("X-Latchkey-Permissions")).contains("contents=write");
            assertThat(readerForRead.status()).isEqualTo(204);
            assertThat(writerForUser.status()).isEqualTo(403);
            assertThat(writerForUser.json().get("message").asText()).contains("no fine-grained permission");
        }
    }

    @Test
    void a_classic_token_meets_a_permission_with_the_scope_that_grants_it() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            String repo = server.createToken(session, "{\"name\":\"r\",\"scopes\":[\"repo\"]}").get("token").asText();

            Response contents = check(server, "GET", "token " + repo, Map.of("X-Latchkey-Required-Permission", "contents=write"));
            Response packages = check(server, "GET", "token " + repo, Map.of("X-Latchkey-Required-Permission", "packages:read"));
            Response bySession = check(server, "GET", "token " + session, Map.of("X-Latchkey-Required-Scope", "user"));

            assertThat(contents.status()).isEqualTo(204);
            assertThat(packages.status()).isEqualTo(403);
            assertThat(packages.json().get("message").asText()).contains("'read:packages'").contains("packages=read");
            assertThat(bySession.status()).isEqualTo(204);
            assertThat(bySession.header("X-Latchkey-Token-Type")).isEqualTo("session");
        }
    }

    @Test
    void a_disabled_account_is_403_at_once_and_passes_again_when_enabled() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String admin = server.signInAdmin();
            AuthenticationTest.createUser(server, admin, "grace", "graces long password");
            String grace = server.signIn("grace", "graces long password");
            String secret = server.createToken(grace, "{\"name\":\"r\",\"scopes\":[\"repo\"]}").get("token").asText();
            assertThat(check(server, "GET", "token " + secret, Map.of()).status()).isEqualTo(204);

            assertThat(server.send("PUT", "/api/v1/admin/users/grace/disabled", "token " + admin, null).status()).isEqualTo(200);
            Response disabled = check(server, "GET", "token " + secret, Map.of());
            assertThat(server.send("DELETE", "/api/v1/admin/users/grace/disabled", "token " + admin, null).status())
                    .isEqualTo(200);
            Response enabled = check(server, "GET", "token " + secret, Map.of());

            assertThat(disabled.status()).isEqualTo(403);
            assertThat(disabled.json().get("error").asText()).isEqualTo("account_disabled");
            assertThat(enabled.status()).isEqualTo(204);
            assertThat(enabled.header("X-Latchkey-User")).isEqualTo("grace");
        }
    }

    @Test
    void a_requirement_the_proxy_cannot_mean_is_400_naming_the_header() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String secret = server.createToken(server.signInAdmin(), "{\"name\":\"r\",\"scopes\":[\"repo\"]}").get("token").asText();

            for (Map<String, String> header : List.of(Map.of("X-Latchkey-Required-Scope", "repo,,workflow"),
                    Map.of("X-Latchkey-Required-Scope", "rep0"),
                    Map.of("X-Latchkey-Required-Scope", secret),
                    Map.of("X-Latchkey-Required-Permission", "contents:admin"),
                    Map.of("X-Latchkey-Required-Permission", "contents"))) {
                Response refused = check(server, "GET", "token " + secret, header);
                assertThat(refused.status()).as(header.toString()).isEqualTo(400);
                assertThat(refused.json().get("error").asText()).isEqualTo("invalid_requirement");
                assertThat(refused.json().get("message").asText()).contains(header.keySet().iterator().next())
                        .doesNotContain(secret);
            }
        }
    }

    @Test
    void a_token_over_its_rate_limit_is_403_with_retry_after_not_a_429_the_proxy_would_turn_into_500() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withRateLimitPerHour(2))) {
            String secret = server.createToken(server.signInAdmin(), "{\"name\":\"r\",\"scopes\":[\"repo\"]}").get("token").asText();
            assertThat(check(server, "GET", "token " + secret, Map.of()).status()).isEqualTo(204);
            assertThat(check(server, "GET", "token " + secret, Map.of()).status()).isEqualTo(204);

            Response limited = check(server, "GET", "token " + secret, Map.of());

            assertThat(limited.status()).isEqualTo(403);
            assertThat(limited.json().get("error").asText()).isEqualTo("rate_limited");
            assertThat(limited.header("Retry-After")).isNotNull();
            assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(server.get("/api/v1/user", "token " + secret).status()).isEqualTo(429);
        }
    }

    @Test
    void a_dead_secret_presented_too_often_stays_401_where_the_api_says_429() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            JsonNode revoked = server.createToken(session, "{\"name\":\"gone\",\"scopes\":[\"repo\"]}");
            server.send("POST", "/api/v1/user/tokens/" + revoked.get("id").asText() + "/revoke", "token " + session, null);
            String auth = "token " + revoked.get("token").asText();
            Response api = null;
            for (int i = 0; i < 60 && (api == null || api.status() == 401); i++) {
                api = server.get("/api/v1/user", auth);
            }
            assertThat(api.status()).isEqualTo(429);

            Response checked = check(server, "GET", auth, Map.of());

            assertThat(checked.status()).isEqualTo(401);
            assertThat(checked.json().get("error").asText()).isEqualTo("token_revoked");
            assertThat(checked.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Latchkey\"");
            assertThat(checked.header("Retry-After")).isNotNull();
        }
    }

    @Test
    void an_address_locked_out_for_guessing_is_403_too() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            Response last = null;
            for (int i = 0; i < 40 && (last == null || last.status() == 401); i++) {
                last = check(server, "GET", "token lkp_" + "1".repeat(30) + "zzzzz" + (i % 10), Map.of());
            }

            assertThat(last.status()).isEqualTo(403);
            assertThat(last.json().get("error").asText()).isEqualTo("locked_out");
            assertThat(last.header("Retry-After")).isNotNull();
        }
    }

    @Test
    void each_check_is_one_use_named_auth_check_with_the_original_path_and_never_a_secret() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            JsonNode token = server.createToken(session, "{\"name\":\"r\",\"scopes\":[\"repo\"]}");
            String secret = token.get("token").asText();
            String other = server.createToken(session, "{\"name\":\"o\",\"scopes\":[\"repo\"]}").get("token").asText();

            check(server, "GET", "token " + secret, Map.of("X-Original-URI", "/app/report?access_token=" + other + "&x=1",
                    "X-Original-Method", "GET"));
            check(server, "GET", "token " + secret, Map.of("X-Original-URI", "/files/" + other.replace("_", "%255F") + "/x"));
            check(server, "GET", "token " + secret, Map.of("X-Original-URI", "/a" + "/bc".repeat(150)));
            check(server, "GET", "token " + secret, Map.of("X-Latchkey-Required-Scope", "workflow"));
            check(server, "GET", "token " + secret, Map.of());
            server.latchkey().flushUsage();

            JsonNode uses = server.get("/api/v1/user/tokens/" + token.get("id").asText() + "/usage?per_page=100",
                    "token " + session).json();
            List<String> operations = new ArrayList<>();
            uses.forEach(use -> operations.add(use.get("operation").asText() + " " + use.get("outcome").asText()
                    + " " + use.get("uses").asInt()));

            assertThat(operations).containsExactlyInAnyOrder("auth check GET /app/report allowed 1",
                    "auth check /files/[redacted]/x allowed 1",
                    "auth check " + ("/a" + "/bc".repeat(150)).substring(0, 200) + "… allowed 1",
                    "auth check denied 1", "auth check allowed 1");
            assertThat(uses.toString()).doesNotContain(other).doesNotContain(other.substring(4));
        }
    }

    @Test
    void a_cached_token_is_checked_without_reading_the_database() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String secret = server.createToken(server.signInAdmin(), "{\"name\":\"r\",\"scopes\":[\"repo\"]}").get("token").asText();
            Map<String, String> required = Map.of("X-Latchkey-Required-Scope", "repo", "X-Original-URI", "/app/x");
            assertThat(check(server, "GET", "token " + secret, required).status()).isEqualTo(204);

            try (Connection sameDatabase = DriverManager.getConnection("jdbc:h2:file:"
                    + server.dataDir().toAbsolutePath().resolve("latchkey")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE", "sa", "")) {
                List<String> reads = readsDuring(sameDatabase, () -> {
                    for (int i = 0; i < 5; i++) {
                        assertThat(check(server, "GET", "token " + secret, required).status()).isEqualTo(204);
                    }
                });

                assertThat(reads).isEmpty();
            }
        }
    }

    /** The reads the database ran while {@code work} ran, from any connection (the usage log's background writes are not reads). */
    private static List<String> readsDuring(Connection connection, Runnable work) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET QUERY_STATISTICS FALSE");
            statement.execute("SET QUERY_STATISTICS TRUE");
            work.run();
            List<String> reads = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT sql_statement FROM information_schema.query_statistics")) {
                while (rows.next()) {
                    String sql = rows.getString(1);
                    String lower = sql.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("select") && !lower.contains("information_schema")) {
                        reads.add(sql);
                    }
                }
            }
            statement.execute("SET QUERY_STATISTICS FALSE");
            return reads;
        }
    }

    static String fineGrained(TestServer server, String session, String permissions) {
        Response created = server.send("POST", "/api/v1/user/tokens", "token " + session, "{\"name\":\"f" + permissions.hashCode()
                + "\",\"type\":\"fine_grained\",\"resources\":[{\"owner\":\"admin\",\"repositories\":\"all\"}],"
                + "\"permissions\":" + permissions + ",\"expires_in_days\":7}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("token").asText();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Response check(TestServer server, String method, String authorization, Map<String, String> headers) {
        List<String> pairs = new ArrayList<>();
        headers.forEach((name, value) -> {
            pairs.add(name);
            pairs.add(value);
        });
        if (authorization != null) {
            pairs.add("Authorization");
            pairs.add(authorization);
        }
        return send(server, method, null, pairs);
    }

    private static Response send(TestServer server, String method, String authorization, List<String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + AuthCheckRoutes.PATH))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Response(response.statusCode(), response.headers(), response.body());
    }
}
