package org.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.audit.Origin;
import org.latchkey.store.TestDatabases.Engine;
import org.latchkey.token.IssuedToken;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;
import org.latchkey.trust.JobClaims;
import org.latchkey.trust.TrustMatchingTestClaims;

/**
 * RFC 7662 introspection at {@code POST /oauth/introspect}: every live token kind described, every
 * dead or foreign secret {@code {"active":false}} in one shape, only confidential apps with a good
 * secret admitted, each app limited per hour, guessing throttled as on the API, each answer a use
 * in the token's usage log; on both engines.
 */
class IntrospectionTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    private static final String CALLBACK = "http://127.0.0.1/callback";
    private static final String GITHUB = "https://token.actions.githubusercontent.com";

    private record Client(String id, String secret) {
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyLiveKind_isDescribed_andEveryDeadOrForeignSecret_isInactive_withoutSayingWhy(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, TestServer::trustingCi)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            Client client = confidential(oauth, session);
            JsonNode classicJson = server.createToken(session, "{\"name\":\"api\",\"scopes\":[\"repo\",\"read:user\"]}");
            String classic = classicJson.get("token").asText();
            Response created = server.send("POST", "/api/v1/user/tokens", "token " + session, "{\"name\":\"fg\","
                    + "\"type\":\"fine_grained\",\"resources\":[{\"owner\":\"admin\",\"repositories\":\"all\"}],"
                    + "\"permissions\":{\"contents\":\"read\"},\"expires_in_days\":7}");
            String fineGrained = created.json().get("token").asText();
            long fineGrainedId = created.json().get("id").asLong();
            String job = jobToken(server, session).secret();
            Response issued = oauth.token(Map.of("grant_type", "authorization_code", "client_id", client.id(),
                    "client_secret", client.secret(), "code", oauth.code(session, client.id(), CALLBACK, "repo"),
                    "redirect_uri", CALLBACK, "code_verifier", OAuthHarness.VERIFIER));
            assertThat(issued.status()).as(issued.body()).isEqualTo(200);
            String access = issued.json().get("access_token").asText();
            String refresh = issued.json().get("refresh_token").asText();

            JsonNode classicAnswer = introspect(server, client, classic, "access_token").json();
            assertThat(classicAnswer.get("active").asBoolean()).isTrue();
            assertThat(classicAnswer.get("scope").asText()).isEqualTo("repo read:user");
            assertThat(classicAnswer.get("username").asText()).isEqualTo("admin");
            assertThat(classicAnswer.get("sub").asText()).matches("[0-9]+");
            assertThat(classicAnswer.get("token_type").asText()).isEqualTo("bearer");
            assertThat(classicAnswer.get("latchkey_token_type").asText()).isEqualTo("classic");
            assertThat(classicAnswer.get("iat").asLong()).isPositive();
            assertThat(classicAnswer.has("client_id")).as("only an app's token names its app").isFalse();
            assertThat(classicAnswer.has("permissions")).isFalse();

            JsonNode fineAnswer = introspect(server, client, fineGrained, "refresh_token").json();
            assertThat(fineAnswer.get("active").asBoolean()).as("a wrong hint is ignored").isTrue();
            assertThat(fineAnswer.get("permissions").toString()).contains("\"contents\":\"read\"");
            assertThat(fineAnswer.get("resources").toString()).contains("\"owner\":\"admin\"", "\"repositories\":\"all\"");
            assertThat(fineAnswer.get("exp").asLong()).isGreaterThan(fineAnswer.get("iat").asLong());

            JsonNode jobAnswer = introspect(server, client, job, "no_such_hint").json();
            assertThat(jobAnswer.get("active").asBoolean()).isTrue();
            assertThat(jobAnswer.get("latchkey_token_type").asText()).isEqualTo("job");
            assertThat(jobAnswer.get("permissions").toString()).contains("\"contents\":\"write\"");
            assertThat(jobAnswer.get("resources").toString()).contains("acme");
            assertThat(jobAnswer.get("packages").toString()).contains("@acme/app");

            JsonNode accessAnswer = introspect(server, client, access, null).json();
            assertThat(accessAnswer.get("active").asBoolean()).isTrue();
            assertThat(accessAnswer.get("client_id").asText()).isEqualTo(client.id());
            assertThat(accessAnswer.get("scope").asText()).isEqualTo("repo");
            assertThat(accessAnswer.get("latchkey_token_type").asText()).isEqualTo("oauth_access");

            String unknown = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());
            for (String foreign : new String[] {refresh, session, "", "lkp_short", "garbage " + classic, classic + " ",
                    classic.toUpperCase(java.util.Locale.ROOT), unknown}) {
                if (foreign.isEmpty()) {
                    continue;
                }
                assertInactive(introspect(server, client, foreign, "access_token"));
            }
            for (Response answer : new Response[] {introspect(server, client, classic, null),
                    introspect(server, client, access, null)}) {
                assertThat(answer.body()).doesNotContain(classic).doesNotContain(access).doesNotContain(client.secret());
            }

            assertThat(server.send("POST", "/api/v1/user/tokens/" + classicJson.get("id").asLong() + "/revoke",
                    "token " + session, null).status()).isIn(200, 204);
            assertInactive(introspect(server, client, classic, null));
            assertThat(server.send("POST", "/api/v1/user/tokens/" + fineGrainedId + "/suspend", "token " + session, null)
                    .status()).isEqualTo(200);
            assertInactive(introspect(server, client, fineGrained, null));
            for (int i = 0; i < 40; i++) {
                assertInactive(introspect(server, client, classic, null));
            }

            server.latchkey().flushUsage();
            JsonNode uses = server.get("/api/v1/user/tokens/" + classicJson.get("id").asLong() + "/usage?per_page=100",
                    "token " + session).json();
            assertThat(uses.toString()).contains("introspected by Web service (" + client.id() + ")")
                    .doesNotContain(classic).doesNotContain(classic.substring(4)).doesNotContain(client.secret());

            server.clock().advance(Duration.ofHours(9));
            assertInactive(introspect(server, client, access, null));
            assertInactive(introspect(server, client, job, null));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void onlyAConfidentialAppWithAGoodSecret_mayIntrospect_andADisabledAccountsTokenIsInactive(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            Client client = confidential(oauth, session);
            String publicId = oauth.publicApp(session, CALLBACK).get("client_id").asText();
            String classic = server.createToken(session, "{\"name\":\"api\",\"scopes\":[\"repo\"]}").get("token").asText();

            assertThat(introspect(server, client, classic, null).json().get("active").asBoolean()).isTrue();
            Response basic = oauth.postForm(PATH, Map.of("Authorization", basic(client.id(), client.secret())),
                    Map.of("token", classic));
            assertThat(basic.status()).as(basic.body()).isEqualTo(200);
            assertThat(basic.json().get("active").asBoolean()).isTrue();

            for (Response refused : new Response[] {
                    oauth.postForm(PATH, Map.of(), Map.of("token", classic)),
                    oauth.postForm(PATH, Map.of(), Map.of("token", classic, "client_id", publicId)),
                    oauth.postForm(PATH, Map.of("Authorization", basic(publicId, "")), Map.of("token", classic)),
                    introspect(server, new Client(client.id(), client.secret().replace('a', 'b') + "0"), classic, null),
                    introspect(server, new Client(client.id(), ""), classic, null),
                    introspect(server, new Client("0".repeat(20), client.secret()), classic, null),
                    oauth.postForm(PATH, Map.of("Authorization", "Bearer " + classic), Map.of("token", classic)),
                    oauth.postForm(PATH, Map.of("Authorization", basic(client.id(), "wrong")),
                            Map.of("token", classic))}) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(401);
                assertThat(refused.json().get("error").asText()).isEqualTo("invalid_client");
                assertThat(refused.header("WWW-Authenticate")).startsWith("Basic");
                assertThat(refused.body()).doesNotContain("active").doesNotContain(classic);
            }
            server.client().createUser(session, "bob", "correct horse battery staple 1");
            String bobs = server.createToken(server.signIn("bob", "correct horse battery staple 1"),
                    "{\"name\":\"ci\",\"scopes\":[\"repo\"]}").get("token").asText();
            assertThat(introspect(server, client, bobs, null).json().get("username").asText()).isEqualTo("bob");
            server.send("PUT", "/api/v1/admin/users/bob/disabled", "token " + session, null);
            assertInactive(introspect(server, client, bobs, null));
            server.send("DELETE", "/api/v1/admin/users/bob/disabled", "token " + session, null);
            assertThat(introspect(server, client, bobs, null).json().get("active").asBoolean()).isTrue();

            Response noToken = oauth.postForm(PATH, Map.of(), Map.of("client_id", client.id(),
                    "client_secret", client.secret()));
            assertThat(noToken.status()).isEqualTo(400);
            assertThat(noToken.json().get("error").asText()).isEqualTo("invalid_request");
            Response twice = server.client().send("POST", PATH, Map.of("Content-Type",
                    "application/x-www-form-urlencoded"), java.net.http.HttpRequest.BodyPublishers.ofString("client_id="
                    + client.id() + "&client_secret=" + client.secret() + "&token=" + classic + "&token=" + classic));
            assertThat(twice.status()).isEqualTo(400);
        }
    }

    @Test
    void eachAppIsLimitedPerHour_andGuessingLocksTheCallerOut() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withRateLimitPerHour(45))) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            Client client = confidential(oauth, session);
            String classic = server.createToken(session, "{\"name\":\"api\",\"scopes\":[\"repo\"]}").get("token").asText();
            String unknown = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());

            Response locked = null;
            for (int i = 0; i < 40 && locked == null; i++) {
                Response answer = introspect(server, client, unknown, null);
                if (answer.status() == 429) {
                    locked = answer;
                } else {
                    assertInactive(answer);
                }
            }
            assertThat(locked).as("guessing unknown secrets locks the caller's address out").isNotNull();
            assertThat(locked.header("Retry-After")).isNotNull();
            assertThat(introspect(server, client, classic, null).status()).as("the lockout holds for good tokens too")
                    .isEqualTo(429);

            server.clock().advance(Duration.ofMinutes(16));
            Response limited = null;
            for (int i = 0; i < 50 && limited == null; i++) {
                Response answer = introspect(server, client, classic, null);
                if (answer.status() == 429) {
                    limited = answer;
                } else {
                    assertThat(answer.json().get("active").asBoolean()).isTrue();
                }
            }
            assertThat(limited).as("the app's hourly allowance runs out").isNotNull();
            assertThat(limited.json().get("error").asText()).isEqualTo("rate_limited");
            assertThat(limited.body()).contains("introspection");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();

            server.clock().advance(Duration.ofHours(1));
            assertThat(introspect(server, client, classic, null).json().get("active").asBoolean()).isTrue();
        }
    }

    @Test
    void aCachedLiveToken_isIntrospectedWithoutReadingTokens_onlyTheClientIsRead() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            Client client = confidential(oauth, session);
            String classic = server.createToken(session, "{\"name\":\"api\",\"scopes\":[\"repo\"]}").get("token").asText();
            assertThat(introspect(server, client, classic, null).json().get("active").asBoolean()).isTrue();

            try (Connection sameDatabase = DriverManager.getConnection("jdbc:h2:file:"
                    + server.dataDir().toAbsolutePath().resolve("latchkey")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE", "sa", "");
                 Statement statement = sameDatabase.createStatement()) {
                statement.execute("SET QUERY_STATISTICS FALSE");
                statement.execute("SET QUERY_STATISTICS TRUE");
                for (int i = 0; i < 5; i++) {
                    assertThat(introspect(server, client, classic, null).json().get("active").asBoolean()).isTrue();
                }
                List<String> reads = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("SELECT sql_statement FROM information_schema.query_statistics")) {
                    while (rows.next()) {
                        String sql = rows.getString(1).toLowerCase(Locale.ROOT);
                        if (sql.startsWith("select") && !sql.contains("information_schema")) {
                            reads.add(sql);
                        }
                    }
                }
                statement.execute("SET QUERY_STATISTICS FALSE");

                assertThat(reads).isNotEmpty().allSatisfy(sql -> assertThat(sql).contains("oauth_")
                        .doesNotContain("from tokens").doesNotContain("join tokens"));
            }
        }
    }

    private static final String PATH = "/oauth/introspect";

    private static Client confidential(OAuthHarness oauth, String session) {
        JsonNode app = oauth.confidentialApp(session, CALLBACK);
        return new Client(app.get("client_id").asText(), app.get("client_secret").asText());
    }

    private static Response introspect(TestServer server, Client client, String token, String hint) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("client_id", client.id());
        fields.put("client_secret", client.secret());
        fields.put("token", token);
        if (hint != null) {
            fields.put("token_type_hint", hint);
        }
        return new OAuthHarness(server).postForm(PATH, Map.of(), fields);
    }

    private static void assertInactive(Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"active\":false}");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** acme with a release policy, and a job token minted for its release job. */
    private static IssuedToken jobToken(TestServer server, String session) {
        server.send("POST", "/api/v1/orgs", "token " + session, "{\"login\":\"acme\"}");
        server.send("POST", "/api/v1/orgs/acme/repos", "token " + session, "{\"name\":\"app\",\"private\":true}");
        Response policy = server.send("POST", "/api/v1/orgs/acme/trust-policies", "token " + session, "{\"name\":\"release\","
                + "\"issuer\":\"" + GITHUB + "\",\"claims\":{\"repository\":\"acme/app\",\"repository_owner_id\":\"4242\","
                + "\"ref\":\"refs/tags/v*\"},\"repositories\":[\"app\"],\"packages\":[\"@acme/app\"],"
                + "\"permissions\":{\"contents\":\"write\",\"packages\":\"write\"},\"lifetime_minutes\":15}");
        assertThat(policy.status()).as(policy.body()).isEqualTo(201);
        Map<String, Object> claims = TrustMatchingTestClaims.githubJob();
        return server.latchkey().trust().jobs().mint(server.latchkey().trust().policies().grantsFor(GITHUB, claims)
                .choose(null), new JobClaims(GITHUB, (String) claims.get("sub"), claims), Origin.INTERNAL);
    }
}
