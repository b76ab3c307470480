package org.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.DatabaseDump;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** Ways around the OAuth rules, each refused, over HTTP on both engines. */
class OAuthAttackTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    private static final String WEB = "https://app.example/cb?x=1";
    private static final String LOOPBACK = "http://127.0.0.1/cb";
    private static final String PKCE = "&code_challenge=" + OAuthHarness.challenge(OAuthHarness.VERIFIER)
            + "&code_challenge_method=S256";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void redirectUris_matchExactly_exceptALoopbackPort_andAMismatchOrAnUnknownClientIsShownNeverRedirected(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            String clientId = oauth.publicApp(session, WEB, LOOPBACK).path("client_id").asText();
            String[] mismatches = {
                "http://app.example/cb?x=1", "https://evil.example/cb?x=1", "https://app.example:8443/cb?x=1",
                "https://app.example/cb2?x=1", "https://app.example/cb?x=1&y=2", "https://app.example/cb/?x=1",
                "https://app.example/cb", "https://app.example/c%62?x=1", "https://app.example/cb?x=%31",
                "https://APP.example/cb?x=1", "HTTPS://app.example/cb?x=1", "https://app.example/cb?x=1#frag",
                "https://app.example@evil.example/cb?x=1", "https://evil.example/@app.example/cb?x=1",
                "https://app.example.evil.example/cb?x=1", "https://app.example%2F@evil.example/cb?x=1",
                "//evil.example/cb?x=1", "https://app.example/cb?x=1 ", "https://app.example/./cb?x=1",
                "http://127.0.0.1.evil.example/cb", "http://127.0.0.1:80@evil.example/cb", "http://evil@127.0.0.1/cb",
                "http://127.0.0.1:5000/cb/../x", "http://127.0.0.1:5000/cb?", "http://127.0.0.1:5000/cb#x",
                "http://[::1]:5000/cb", "http://localhost:5000/cb", "https://127.0.0.1:5000/cb", "http://127.0.0.1:0080/cb",
                "http://127.0.0.2:5000/cb", "javascript:alert(1)", "",
            };
            for (String bad : mismatches) {
                Response answer = oauth.authorize(session, "client_id=" + clientId + "&redirect_uri="
                        + OAuthHarness.enc(bad) + "&state=s" + PKCE);
                assertThat(answer.status()).as(bad).isEqualTo(400);
                assertThat(answer.header("Location")).as(bad).isNull();
                assertThat(answer.body()).as(bad).contains("redirect_uri");
            }
            for (String unknown : new String[] {"nope", "", clientId.toUpperCase(), clientId + " "}) {
                Response answer = oauth.authorize(session, "client_id=" + OAuthHarness.enc(unknown)
                        + "&redirect_uri=" + OAuthHarness.enc("https://evil.example/") + "&state=s" + PKCE);
                assertThat(answer.status()).as(unknown).isEqualTo(400);
                assertThat(answer.header("Location")).isNull();
                assertThat(answer.body()).contains("client_id");
            }
            assertThat(oauth.authorize(null, "redirect_uri=https://evil.example/").header("Location")).isNull();

            for (String good : new String[] {WEB, "http://127.0.0.1:5000/cb", "http://127.0.0.1:1/cb", LOOPBACK}) {
                Response page = oauth.authorize(session, "client_id=" + clientId + "&redirect_uri="
                        + OAuthHarness.enc(good) + "&scope=repo&state=s" + PKCE);
                assertThat(page.status()).as(good).isEqualTo(200);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void requestErrors_goBackToTheRedirectUri_withStateAsGiven(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            String publicId = oauth.publicApp(session, WEB).path("client_id").asText();
            String confidentialId = oauth.confidentialApp(session, WEB).path("client_id").asText();
            String state = "a b&c=d/é";
            String base = "client_id=" + publicId + "&redirect_uri=" + OAuthHarness.enc(WEB) + "&state="
                    + OAuthHarness.enc(state);
            Map<String, String> cases = Map.of(
                    base, "invalid_request",
                    base + "&code_challenge=" + OAuthHarness.challenge(OAuthHarness.VERIFIER) + "&code_challenge_method=plain",
                    "invalid_request",
                    base + "&code_challenge=" + OAuthHarness.challenge(OAuthHarness.VERIFIER), "invalid_request",
                    base + "&code_challenge=" + OAuthHarness.VERIFIER + "&code_challenge_method=plain", "invalid_request",
                    base + "&code_challenge=short&code_challenge_method=S256", "invalid_request",
                    base + "&code_challenge=" + OAuthHarness.challenge(OAuthHarness.VERIFIER) + "&code_challenge_method=s256",
                    "invalid_request",
                    base + PKCE + "&scope=repo%20admin:everything", "invalid_scope",
                    base + PKCE + "&response_type=token", "unsupported_response_type");
            for (Map.Entry<String, String> attempt : cases.entrySet()) {
                for (String who : new String[] {session, null}) {
                    Response answer = oauth.authorize(who, attempt.getKey());
                    assertThat(answer.status()).as(attempt.getKey()).isEqualTo(302);
                    String location = answer.header("Location");
                    assertThat(location).as(attempt.getKey()).startsWith(WEB + "&error=");
                    assertThat(OAuthHarness.query(location)).containsEntry("error", attempt.getValue())
                            .containsEntry("state", state).doesNotContainKey("code");
                }
            }
            Response page = oauth.authorize(session, "client_id=" + confidentialId + "&state=s&scope=repo");
            assertThat(page.status()).as("a confidential app may go without PKCE").isEqualTo(200);
            Response denied = oauth.decide(session, page, "deny");
            assertThat(OAuthHarness.query(denied.header("Location"))).containsEntry("error", "access_denied")
                    .containsEntry("state", "s").doesNotContainKey("code");

            Response anonymous = oauth.authorize(null, base + PKCE);
            assertThat(anonymous.status()).isEqualTo(303);
            assertThat(anonymous.header("Location")).startsWith("/login?return_to=%2Flogin%2Foauth%2Fauthorize%3F");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void codes_areBoundToClientRedirectAndVerifier_singleUse_tenMinutes_andAReuseRevokesWhatTheFirstGave(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            String clientId = oauth.publicApp(session, LOOPBACK, WEB).path("client_id").asText();
            String otherId = oauth.publicApp(session, LOOPBACK).path("client_id").asText();

            String code = oauth.code(session, clientId, WEB, "repo");
            Map<String, String> good = Map.of("grant_type", "authorization_code", "client_id", clientId, "code", code,
                    "redirect_uri", WEB, "code_verifier", OAuthHarness.VERIFIER);
            assertInvalid(oauth.token(with(good, "client_id", otherId)), "invalid_grant");
            assertInvalid(oauth.token(with(good, "code_verifier", OAuthHarness.VERIFIER + "x")), "invalid_grant");
            assertInvalid(oauth.token(with(good, "code_verifier", "short")), "invalid_grant");
            // standard base64 is a verifier's shape too (git-credential-oauth < 0.11 sends it), but it must still hash right
            assertInvalid(oauth.token(with(good, "code_verifier", "dBjftJeZ4CVP+mJ92K27uhbUJU1p1r/wW1gFWFOEjXk=")), "invalid_grant");
            assertInvalid(oauth.token(with(good, "code_verifier", OAuthHarness.VERIFIER.replace('-', '%'))), "invalid_grant");
            assertInvalid(oauth.token(without(good, "code_verifier")), "invalid_request");
            assertInvalid(oauth.token(with(good, "redirect_uri", LOOPBACK)), "invalid_grant");
            assertInvalid(oauth.token(without(good, "redirect_uri")), "invalid_grant");
            assertInvalid(oauth.token(with(good, "code", code.toUpperCase())), "invalid_grant");

            Response first = oauth.token(good);
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            String access = first.json().path("access_token").asText();
            Response refreshed = oauth.token(Map.of("grant_type", "refresh_token", "client_id", clientId,
                    "refresh_token", first.json().path("refresh_token").asText()));
            String access2 = refreshed.json().path("access_token").asText();
            assertThat(server.get("/api/v1/user", "token " + access2).status()).isEqualTo(200);

            assertInvalid(oauth.token(good), "invalid_grant");
            assertThat(server.get("/api/v1/user", "token " + access).status()).isEqualTo(401);
            assertThat(server.get("/api/v1/user", "token " + access2).status()).as("refreshes of the code too").isEqualTo(401);
            assertThat(server.get("/api/v1/user/audit-log", "token " + session).body()).contains("oauth.code_reused");

            String late = oauth.code(session, clientId, WEB, "repo");
            server.clock().advance(Duration.ofMinutes(10).plusSeconds(1));
            assertInvalid(oauth.token(with(good, "code", late)), "invalid_grant");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theConsentIsRemembered_moreScopesAskAgain_andTheFormNeedsTheSessionsCsrfToken(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            String clientId = oauth.publicApp(session, LOOPBACK).path("client_id").asText();
            String query = "client_id=" + clientId + "&state=s" + PKCE + "&scope=";
            Response page = oauth.authorize(session, query + "public_repo");
            String csrf = OAuthHarness.csrf(page);

            Map<String, String> form = new HashMap<>(Map.of("client_id", clientId, "scope", "public_repo",
                    "state", "s", "code_challenge", OAuthHarness.challenge(OAuthHarness.VERIFIER),
                    "code_challenge_method", "S256", "decision", "approve"));
            Response noToken = oauth.postForm("/login/oauth/authorize", Map.of("Cookie", "latchkey_session=" + session), form);
            form.put("_csrf", csrf.substring(1) + "A");
            Response wrongToken = oauth.postForm("/login/oauth/authorize", Map.of("Cookie", "latchkey_session=" + session),
                    form);
            form.put("_csrf", csrf);
            Response noSession = oauth.postForm("/login/oauth/authorize", Map.of(), form);
            for (Response refused : new Response[] {noToken, wrongToken}) {
                assertThat(refused.status()).isEqualTo(403);
                assertThat(refused.header("Location")).isNull();
            }
            assertThat(noSession.header("Location")).isEqualTo("/login");
            assertThat(server.get("/api/v1/user/oauth-grants", "token " + session).json()).isEmpty();

            assertThat(oauth.decide(session, page, "approve").header("Location")).contains("code=");
            Response again = oauth.authorize(session, query + "public_repo");
            assertThat(again.status()).as("the same scopes skip the page").isEqualTo(302);
            assertThat(again.header("Location")).contains("code=").contains("state=s");
            Response more = oauth.authorize(session, query + "public_repo,repo");
            assertThat(more.status()).isEqualTo(200);
            assertThat(more.body()).contains("id=\"more-scopes\"").contains("data-scope=\"repo\"");
            oauth.decide(session, more, "approve");
            JsonNode grants = server.get("/api/v1/user/oauth-grants", "token " + session).json();
            assertThat(grants.get(0).path("scopes").toString()).contains("repo").contains("public_repo");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theTokenEndpoint_refusesWhatIsNotAGoodRequest_andARevokedGrantIsRefusedOnGit(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            JsonNode confidential = oauth.confidentialApp(session, WEB);
            String clientId = confidential.path("client_id").asText();
            String secret = confidential.path("client_secret").asText();
            String publicId = oauth.publicApp(session, LOOPBACK).path("client_id").asText();

            assertThat(oauth.token(Map.of("grant_type", "password", "client_id", publicId)).json().path("error").asText())
                    .isEqualTo("unsupported_grant_type");
            assertThat(oauth.token(Map.of("client_id", publicId)).json().path("error").asText()).isEqualTo("invalid_request");
            assertThat(oauth.token(Map.of("grant_type", "refresh_token", "client_id", "nope", "refresh_token", "x")).status())
                    .isEqualTo(401);
            assertInvalid(oauth.token(Map.of("grant_type", "refresh_token", "client_id", publicId, "client_secret", "x",
                    "refresh_token", "x")), "invalid_client");
            assertInvalid(oauth.token(Map.of("grant_type", "refresh_token", "client_id", clientId, "client_secret",
                    secret + "0", "refresh_token", "x")), "invalid_client");
            String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes());
            Response both = oauth.postForm("/login/oauth/access_token", Map.of("Authorization", "Basic " + basic,
                    "Accept", "application/json"), Map.of("grant_type", "refresh_token", "client_secret", secret,
                    "refresh_token", "x"));
            assertInvalid(both, "invalid_request");
            Response json = server.client().send("POST", "/login/oauth/access_token", Map.of("Accept", "application/json"),
                    java.net.http.HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"refresh_token\"}"));
            assertInvalid(json, "invalid_request");
            Response twice = server.client().send("POST", "/login/oauth/access_token", Map.of("Accept",
                    "application/json", "Content-Type", "application/x-www-form-urlencoded"),
                    java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=" + publicId
                            + "&client_id=" + publicId + "&refresh_token=x"));
            assertInvalid(twice, "invalid_request");
            assertInvalid(oauth.token(Map.of("grant_type", "refresh_token", "client_id", clientId, "client_secret",
                    secret, "refresh_token", "lkp_notarefreshtoken")), "invalid_grant");

            server.send("POST", "/api/v1/user/repos", "token " + session, "{\"name\":\"app\",\"private\":true}");
            String code = oauth.code(session, clientId, WEB, "repo");
            JsonNode tokens = oauth.token(Map.of("grant_type", "authorization_code", "client_id", clientId,
                    "client_secret", secret, "code", code, "code_verifier", OAuthHarness.VERIFIER, "redirect_uri", WEB)).json();
            String access = tokens.path("access_token").asText();
            String refresh = tokens.path("refresh_token").asText();
            String git = "/admin/app.git/info/refs?service=git-upload-pack";
            String basicToken = "Basic " + Base64.getEncoder().encodeToString(("x:" + access).getBytes());
            assertThat(server.get(git, basicToken).status()).isEqualTo(200);
            assertThat(server.get(git, "Basic " + Base64.getEncoder().encodeToString(("x:" + refresh).getBytes())).status())
                    .isEqualTo(401);
            assertThat(server.send("DELETE", "/api/v1/user/oauth-apps/" + confidential.path("id").asLong() + "/tokens",
                    "token " + session, null).json().path("tokens_revoked").asInt()).isEqualTo(2);
            assertThat(server.get(git, basicToken).status()).isEqualTo(401);
            assertThat(server.get("/api/v1/user", "token " + access).status()).isEqualTo(401);

            assertThat(logs.text()).contains("oauth.token_issued").doesNotContain(secret).doesNotContain(code);
            server.stop();
            try (Connection connection = server.connectToDatabase()) {
                String dump = DatabaseDump.dump(connection);
                assertThat(dump).contains("oauth_client_secrets").doesNotContain(secret).doesNotContain(access)
                        .doesNotContain(refresh).doesNotContain(code);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void hostileInput_isAlwaysAnAnswerAndNeverAFault(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            String clientId = oauth.publicApp(session, LOOPBACK).path("client_id").asText();
            String form = "application/x-www-form-urlencoded";
            String[][] bodies = {{form, "%zz"}, {form, "grant_type=authorization_code&code=%00&client_id=" + clientId},
                {form, ""}, {form, "grant_type=refresh_token&refresh_token=" + "a".repeat(20_000)},
                {form + "; charset=latin1", "grant_type=\u00e9"}, {"text/plain", "grant_type=refresh_token"},
                {form + "; charset=nope!", "grant_type=refresh_token"}, {form + "; charset=x-unknown", "grant_type=x"},
                {"application/json; charset=\u00e9", "{}"},
                {form, "grant_type=authorization_code&client_id=" + clientId + "&code=" + "f".repeat(40)
                        + "&code_verifier=" + "x".repeat(5000)}};
            for (String[] body : bodies) {
                Response answer = server.client().send("POST", "/login/oauth/access_token", Map.of("Content-Type", body[0]),
                        java.net.http.HttpRequest.BodyPublishers.ofString(body[1]));
                assertThat(answer.status()).as(body[1]).isBetween(400, 499);
            }
            for (String authorization : new String[] {"Basic !!!", "Basic " + Base64.getEncoder().encodeToString(
                    "nocolon".getBytes()), "Basic " + Base64.getEncoder().encodeToString("%zz:x".getBytes()), "Bearer x",
                "Basic"}) {
                Response answer = oauth.postForm("/login/oauth/access_token", Map.of("Authorization", authorization),
                        Map.of("grant_type", "refresh_token", "refresh_token", "x"));
                assertThat(answer.status()).as(authorization).isEqualTo(401);
            }
            for (String query : new String[] {"client_id=%25zz%00", "client_id=" + clientId + "&state=" + "s".repeat(2000) + PKCE,
                "client_id=" + clientId + "&scope=" + "repo,".repeat(1000) + PKCE, "client_id=" + clientId
                    + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A99999%2Fcb" + PKCE, "client_id=" + clientId
                    + "&redirect_uri=%E2%82%AC", "client_id=" + clientId + "&client_id=" + clientId + PKCE}) {
                Response answer = oauth.authorize(session, query);
                assertThat(answer.status()).as(query).isIn(200, 302, 400);
            }
            Response twice = oauth.authorize(session, "client_id=" + clientId + "&state=a&state=b&scope=repo" + PKCE);
            assertThat(twice.status()).isEqualTo(302);
            assertThat(OAuthHarness.query(twice.header("Location"))).containsEntry("error", "invalid_request")
                    .doesNotContainKeys("state", "code");
            Response twoClients = oauth.authorize(session, "client_id=" + clientId + "&client_id=" + clientId + PKCE);
            assertThat(twoClients.status()).isEqualTo(400);
            assertThat(twoClients.header("Location")).isNull();
        }
    }

    private static void assertInvalid(Response answer, String error) {
        assertThat(answer.json().path("error").asText()).as(answer.body()).isEqualTo(error);
        assertThat(answer.status()).isEqualTo(error.equals("invalid_client") ? 401 : 400);
        assertThat(answer.json().path("error_description").asText()).isNotEmpty();
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(name, value);
        return copy;
    }

    private static Map<String, String> without(Map<String, String> base, String name) {
        Map<String, String> copy = new HashMap<>(base);
        copy.remove(name);
        return copy;
    }
}
