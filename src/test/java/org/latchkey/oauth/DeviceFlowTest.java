package org.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.oauth.OAuthHarness.DEVICE_GRANT;
import static org.latchkey.oauth.OAuthHarness.cookie;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** The device flow (RFC 8628) over HTTP: every answer of the poll, the device page, its CSRF and its brute-force lockout. */
class DeviceFlowTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aPublicApp_pollsPending_slowDown_thenGetsTokensOnce_afterTheUserApprovesOnThePage(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            String clientId = oauth.publicApp(session, "http://127.0.0.1/cb").path("client_id").asText();

            Response started = oauth.postForm("/login/device/code", Map.of("Accept", "application/json"),
                    Map.of("client_id", clientId, "scope", "repo read:user"));
            assertThat(started.status()).as(started.body()).isEqualTo(200);
            JsonNode code = started.json();
            String deviceCode = code.path("device_code").asText();
            String userCode = code.path("user_code").asText();
            assertThat(userCode).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
            assertThat(code.path("verification_uri").asText()).endsWith("/login/device");
            assertThat(code.path("expires_in").asInt()).isEqualTo(900);
            assertThat(code.path("interval").asInt()).isEqualTo(5);

            Response form = oauth.postForm("/login/device/code", Map.of(), Map.of("client_id", clientId));
            assertThat(form.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
            assertThat(OAuthHarness.query("http://x/?" + form.body())).containsKeys("device_code", "user_code",
                    "verification_uri", "expires_in", "interval");

            assertThat(oauth.pollDevice(clientId, deviceCode).json().path("error").asText()).isEqualTo("authorization_pending");
            Response fast = oauth.pollDevice(clientId, deviceCode);
            assertThat(fast.json().path("error").asText()).isEqualTo("slow_down");
            assertThat(fast.json().path("interval").asInt()).isEqualTo(10);
            server.clock().advance(Duration.ofSeconds(6));
            assertThat(oauth.pollDevice(clientId, deviceCode).json().path("error").asText())
                    .as("the interval grew to 10 s").isEqualTo("slow_down");
            server.clock().advance(Duration.ofSeconds(16));
            assertThat(oauth.pollDevice(clientId, deviceCode).json().path("error").asText()).isEqualTo("authorization_pending");

            Response page = oauth.devicePage(session);
            assertThat(page.status()).isEqualTo(200);
            Response confirm = oauth.postForm("/login/device", cookie(session), Map.of("_csrf", OAuthHarness.csrf(page),
                    "user_code", userCode.replace("-", "").toLowerCase()));
            assertThat(confirm.status()).as(confirm.body()).isEqualTo(200);
            assertThat(confirm.body()).contains("Native tool").contains("admin").contains("data-scope=\"repo\"")
                    .contains(userCode);
            Response approved = oauth.postForm("/login/device/decide", cookie(session), Map.of(
                    "_csrf", OAuthHarness.csrf(confirm), "user_code", userCode, "decision", "approve"));
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            assertThat(approved.body()).contains("Device connected");

            server.clock().advance(Duration.ofSeconds(30));
            Response tokens = oauth.pollDevice(clientId, deviceCode);
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            String access = tokens.json().path("access_token").asText();
            assertThat(access).startsWith("lko_");
            assertThat(tokens.json().path("refresh_token").asText()).startsWith("lkr_");
            assertThat(tokens.json().path("scope").asText()).isEqualTo("repo,read:user");
            assertThat(server.get("/api/v1/user", "Bearer " + access).status()).isEqualTo(200);

            server.clock().advance(Duration.ofSeconds(30));
            Response again = oauth.pollDevice(clientId, deviceCode);
            assertThat(again.status()).isEqualTo(400);
            assertThat(again.json().path("error").asText()).as("a device code is good once").isEqualTo("invalid_grant");
            Response replay = oauth.postForm("/login/device/decide", cookie(session), Map.of(
                    "_csrf", OAuthHarness.csrf(confirm), "user_code", userCode, "decision", "approve"));
            assertThat(replay.status()).isEqualTo(400);
            assertThat(server.get("/api/v1/user/audit-log", "token " + session).body()).contains("oauth.authorized")
                    .contains("oauth.token_issued");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aDeniedRequest_isAccessDenied_anExpiredOne_expiredToken_andCodesAreBoundToTheirClient(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            String clientId = oauth.publicApp(session, "http://127.0.0.1/cb").path("client_id").asText();
            JsonNode other = oauth.confidentialApp(session, "https://web.example/cb");

            JsonNode denied = oauth.startDevice(clientId, "repo");
            Response page = oauth.devicePage(session);
            Response answer = oauth.postForm("/login/device/decide", cookie(session), Map.of("_csrf", OAuthHarness.csrf(page),
                    "user_code", denied.path("user_code").asText(), "decision", "deny"));
            assertThat(answer.body()).contains("Request denied");
            Response poll = oauth.pollDevice(clientId, denied.path("device_code").asText());
            assertThat(poll.json().path("error").asText()).isEqualTo("access_denied");

            JsonNode late = oauth.startDevice(clientId, "repo");
            server.clock().advance(Duration.ofMinutes(15));
            assertThat(oauth.pollDevice(clientId, late.path("device_code").asText()).json().path("error").asText())
                    .isEqualTo("expired_token");
            Response expiredPage = oauth.postForm("/login/device", cookie(session), Map.of("_csrf", OAuthHarness.csrf(page),
                    "user_code", late.path("user_code").asText()));
            assertThat(expiredPage.status()).isEqualTo(400);
            assertThat(expiredPage.body()).contains("wrong, expired or already used");

            JsonNode mine = oauth.startDevice(clientId, "repo");
            Response stolen = oauth.token(Map.of("grant_type", DEVICE_GRANT, "client_id", other.path("client_id").asText(),
                    "device_code", mine.path("device_code").asText()));
            assertThat(stolen.json().path("error").asText()).as("another client's code").isEqualTo("invalid_grant");
            Response wrongSecret = oauth.token(Map.of("grant_type", DEVICE_GRANT, "client_id", other.path("client_id").asText(),
                    "client_secret", "0".repeat(40), "device_code", mine.path("device_code").asText()));
            assertThat(wrongSecret.status()).as("a confidential app's secret is checked when sent").isEqualTo(401);
            assertThat(oauth.pollDevice(clientId, "nonsense").json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(oauth.token(Map.of("grant_type", DEVICE_GRANT, "client_id", clientId)).json().path("error").asText())
                    .isEqualTo("invalid_request");

            Response unknown = oauth.postForm("/login/device/code", Map.of("Accept", "application/json"),
                    Map.of("client_id", "Iv1.0000000000000000"));
            assertThat(unknown.status()).isEqualTo(401);
            assertThat(unknown.json().path("error").asText()).isEqualTo("invalid_client");
            Response badScope = oauth.postForm("/login/device/code", Map.of("Accept", "application/json"),
                    Map.of("client_id", clientId, "scope", "everything"));
            assertThat(badScope.json().path("error").asText()).isEqualTo("invalid_scope");
        }
    }

    @Test
    void wrongUserCodes_areThrottled_withoutSayingAnything_andTheDevicePageNeedsCsrfAndASession() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            String clientId = oauth.publicApp(session, "http://127.0.0.1/cb").path("client_id").asText();
            JsonNode code = oauth.startDevice(clientId, "repo");

            Response anonymous = server.client().send("GET", "/login/device?user_code=ABCD", Map.of(), null);
            assertThat(anonymous.status()).isEqualTo(303);
            assertThat(anonymous.header("Location")).startsWith("/login?return_to=%2Flogin%2Fdevice");

            Response noCsrf = oauth.postForm("/login/device/decide", cookie(session), Map.of(
                    "user_code", code.path("user_code").asText(), "decision", "approve"));
            assertThat(noCsrf.status()).isEqualTo(403);
            assertThat(oauth.pollDevice(clientId, code.path("device_code").asText()).json().path("error").asText())
                    .isEqualTo("authorization_pending");

            String csrf = OAuthHarness.csrf(oauth.devicePage(session));
            for (int i = 0; i < 10; i++) {
                Response wrong = oauth.postForm("/login/device", cookie(session), Map.of("_csrf", csrf,
                        "user_code", i % 2 == 0 ? "BBBB-BBB" + "BCDFGHJKLM".charAt(i) : "not a code"));
                assertThat(wrong.status()).isEqualTo(400);
                assertThat(wrong.body()).contains("wrong, expired or already used").doesNotContain("Native tool");
            }
            Response locked = oauth.postForm("/login/device", cookie(session), Map.of("_csrf", csrf,
                    "user_code", code.path("user_code").asText()));
            assertThat(locked.status()).as("even the right code, once locked out").isEqualTo(429);
            server.clock().advance(Duration.ofMinutes(16));
            Response after = oauth.postForm("/login/device", cookie(session), Map.of("_csrf", csrf,
                    "user_code", code.path("user_code").asText()));
            assertThat(after.status()).as("the lockout ends").isEqualTo(400);
        }
    }

    @Test
    void codeRequests_areLimitedPerAddress() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String clientId = oauth.publicApp(server.signInAdmin(), "http://127.0.0.1/cb").path("client_id").asText();
            for (int i = 0; i < 50; i++) {
                oauth.startDevice(clientId, "repo");
            }
            Response limited = oauth.postForm("/login/device/code", Map.of("Accept", "application/json"),
                    Map.of("client_id", clientId));
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().path("error").asText()).isEqualTo("locked_out");
            server.clock().advance(Duration.ofMinutes(16));
            oauth.startDevice(clientId, "repo");
        }
    }
}
