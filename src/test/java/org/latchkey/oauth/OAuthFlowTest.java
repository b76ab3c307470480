package org.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** The authorization-code flow with PKCE end to end, refresh rotation, reuse detection and revocation, on both engines. */
class OAuthFlowTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    private static final String CALLBACK = "http://127.0.0.1/callback";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aPublicApp_getsTokensThroughConsent_theAccessTokenWorksOnTheApi_andTheRefreshTokenRotates(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            String clientId = oauth.publicApp(session, CALLBACK).path("client_id").asText();
            String redirect = "http://127.0.0.1:53117/callback";

            Response page = oauth.authorize(session, "client_id=" + clientId + "&redirect_uri=" + OAuthHarness.enc(redirect)
                    + "&scope=repo%20read:user&state=st%20ate&code_challenge=" + OAuthHarness.challenge(OAuthHarness.VERIFIER)
                    + "&code_challenge_method=S256");
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).contains("Native tool").contains("admin").contains("data-scope=\"repo\"")
                    .contains("Full control of private repositories");
            Response approved = oauth.decide(session, page, "approve");
            assertThat(approved.status()).isEqualTo(303);
            String location = approved.header("Location");
            assertThat(location).startsWith(redirect + "?code=");
            assertThat(OAuthHarness.query(location)).containsEntry("state", "st ate");

            JsonNode tokens = oauth.exchange(clientId, OAuthHarness.query(location).get("code"), redirect);
            String access = tokens.path("access_token").asText();
            String refresh = tokens.path("refresh_token").asText();
            assertThat(access).startsWith("lko_").hasSize(40);
            assertThat(refresh).startsWith("lkr_").hasSize(40);
            assertThat(tokens.path("token_type").asText()).isEqualTo("bearer");
            assertThat(tokens.path("expires_in").asLong()).isEqualTo(8 * 3600);
            assertThat(tokens.path("scope").asText()).isEqualTo("repo,read:user");

            Response user = server.get("/api/v1/user", "Bearer " + access);
            assertThat(user.status()).isEqualTo(200);
            assertThat(user.header("X-OAuth-Scopes")).contains("repo");
            assertThat(server.get("/api/v1/user", "Bearer " + refresh).status())
                    .as("a refresh token is no credential").isEqualTo(401);

            Response rotated = oauth.token(Map.of("grant_type", "refresh_token", "client_id", clientId,
                    "refresh_token", refresh));
            assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
            String access2 = rotated.json().path("access_token").asText();
            String refresh2 = rotated.json().path("refresh_token").asText();
            assertThat(refresh2).isNotEqualTo(refresh);
            assertThat(server.get("/api/v1/user", "Bearer " + access2).status()).isEqualTo(200);

            Response reused = oauth.token(Map.of("grant_type", "refresh_token", "client_id", clientId,
                    "refresh_token", refresh));
            assertThat(reused.status()).isEqualTo(400);
            assertThat(reused.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(reused.json().path("error_description").asText()).contains("already used");
            for (String gone : new String[] {access, access2}) {
                assertThat(server.get("/api/v1/user", "Bearer " + gone).status()).as("reuse revokes the grant").isEqualTo(401);
            }
            assertThat(oauth.token(Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refresh2))
                    .status()).isEqualTo(400);
            assertThat(server.get("/api/v1/user/oauth-grants", "token " + session).json()).isEmpty();
            Response audit = server.get("/api/v1/user/audit-log", "token " + session);
            assertThat(audit.body()).contains("oauth.authorized").contains("oauth.token_issued")
                    .contains("oauth.token_refreshed").contains("oauth.refresh_token_reused");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aConfidentialApp_authenticatesWithBasicOrForm_answersFormByDefault_andARevokedGrantIsRefused(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            JsonNode app = oauth.confidentialApp(session, "https://web.example/cb");
            String clientId = app.path("client_id").asText();
            String secret = app.path("client_secret").asText();
            assertThat(secret).matches("lkcs_[0-9A-Za-z]{36}");

            String code = oauth.code(session, clientId, "https://web.example/cb", "repo");
            String basic = java.util.Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes());
            Response form = oauth.postForm("/login/oauth/access_token", Map.of("Authorization", "Basic " + basic),
                    Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", "https://web.example/cb",
                            "code_verifier", OAuthHarness.VERIFIER));
            assertThat(form.status()).as(form.body()).isEqualTo(200);
            assertThat(form.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
            assertThat(form.header("Cache-Control")).isEqualTo("no-store");
            Map<String, String> answer = OAuthHarness.query("http://x/?" + form.body());
            assertThat(answer).containsEntry("token_type", "bearer").containsEntry("scope", "repo");
            String access = answer.get("access_token");
            assertThat(server.get("/api/v1/user", "token " + access).status()).isEqualTo(200);

            Response noSecret = oauth.token(Map.of("grant_type", "authorization_code", "client_id", clientId,
                    "code", oauth.code(session, clientId, "https://web.example/cb", "repo"),
                    "code_verifier", OAuthHarness.VERIFIER));
            assertThat(noSecret.status()).isEqualTo(401);
            assertThat(noSecret.json().path("error").asText()).isEqualTo("invalid_client");
            assertThat(noSecret.header("WWW-Authenticate")).startsWith("Basic");

            JsonNode grants = server.get("/api/v1/user/oauth-grants", "token " + session).json();
            assertThat(grants).hasSize(1);
            String grant = "/api/v1/user/oauth-grants/" + grants.get(0).path("id").asLong();
            server.latchkey().flushUsage();
            JsonNode appTokens = server.get(grant + "/tokens", "token " + session).json();
            assertThat(appTokens).extracting(t -> t.path("app").asText()).containsOnly("Web service");
            JsonNode used = appTokens.findParents("type").stream().filter(t -> t.path("type").asText().equals("access")
                    && t.path("last_used_at").isTextual()).findFirst().orElseThrow();
            Response usage = server.get(grant + "/tokens/" + used.path("id").asLong() + "/usage", "token " + session);
            assertThat(usage.status()).as(usage.body()).isEqualTo(200);
            assertThat(usage.json().get(0).path("operation").asText()).contains("/api/v1/user");
            assertThat(server.get(grant + "/tokens/1/usage", "token " + session).status()).isEqualTo(404);
            assertThat(grants.get(0).path("app").path("name").asText()).isEqualTo("Web service");
            assertThat(grants.get(0).path("scopes").toString()).contains("repo");
            Response revoked = server.send("DELETE", "/api/v1/user/oauth-grants/" + grants.get(0).path("id").asLong(),
                    "token " + session, null);
            assertThat(revoked.status()).isEqualTo(204);
            assertThat(server.get("/api/v1/user", "token " + access).status()).isEqualTo(401);
            assertThat(server.get("/api/v1/user/audit-log", "token " + session).body()).contains("oauth.grant_revoked");
        }
    }
}
