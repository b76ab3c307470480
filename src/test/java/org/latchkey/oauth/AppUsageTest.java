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

/**
 * An app token's uses name the app: in the usage API of the grant's tokens, and on the page
 * Settings › Applications links to; the audit log names the app for grant, refresh and revocation.
 */
class AppUsageTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anAppTokensUses_nameTheApp_inTheUsageApi_andOnTheApplicationPage(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            String clientId = oauth.publicApp(session, "http://127.0.0.1/cb").path("client_id").asText();
            JsonNode tokens = oauth.exchange(clientId, oauth.code(session, clientId, "http://127.0.0.1/cb", "repo"),
                    "http://127.0.0.1/cb");
            String access = tokens.path("access_token").asText();
            assertThat(server.get("/api/v1/user", "Bearer " + access).status()).isEqualTo(200);
            server.latchkey().flushUsage();

            JsonNode grant = server.get("/api/v1/user/oauth-grants", "token " + session).json().get(0);
            long grantId = grant.path("id").asLong();
            JsonNode appTokens = server.get("/api/v1/user/oauth-grants/" + grantId + "/tokens", "token " + session).json();
            long accessId = -1;
            for (JsonNode t : appTokens) {
                if (t.path("type").asText().contains("access")) {
                    accessId = t.path("id").asLong();
                }
            }
            Response usage = server.get("/api/v1/user/oauth-grants/" + grantId + "/tokens/" + accessId + "/usage",
                    "token " + session);
            assertThat(usage.status()).as(usage.body()).isEqualTo(200);
            JsonNode line = usage.json().get(0);
            assertThat(line.path("operation").asText()).isEqualTo("GET /api/v1/user");
            assertThat(line.path("app").path("name").asText()).isEqualTo("Native tool");
            assertThat(line.path("app").path("client_id").asText()).isEqualTo(clientId);
            String tokenUsage = server.get("/api/v1/user/tokens", "token " + session).body();
            assertThat(tokenUsage).doesNotContain("\"app\"");

            Map<String, String> cookie = Map.of("Cookie", "latchkey_session=" + session);
            Response list = server.client().send("GET", "/settings/applications", cookie, null);
            assertThat(list.body()).contains("href=\"/settings/applications/" + grantId + "#usage\"");
            Response page = server.client().send("GET", "/settings/applications/" + grantId, cookie, null);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).contains("Recent use of Native tool").contains("<span class=\"usage-app\">Native tool</span>")
                    .contains("GET /api/v1/user").doesNotContain(access);
            assertThat(server.client().send("GET", "/settings/applications/" + grantId + "?token=" + (accessId + 1000),
                    cookie, null).status()).isEqualTo(404);
            assertThat(server.client().send("GET", "/settings/applications/999999", cookie, null).status()).isEqualTo(404);

            oauth.token(Map.of("grant_type", "refresh_token", "client_id", clientId,
                    "refresh_token", tokens.path("refresh_token").asText()));
            assertThat(server.send("DELETE", "/api/v1/user/oauth-grants/" + grantId, "token " + session, null).status())
                    .isEqualTo(204);
            JsonNode audit = server.get("/api/v1/user/audit-log", "token " + session).json();
            for (String action : new String[] {"oauth.authorized", "oauth.token_issued", "oauth.token_refreshed",
                    "oauth.grant_revoked"}) {
                boolean named = false;
                for (JsonNode event : audit) {
                    if (event.path("action").asText().equals(action)) {
                        named |= event.toString().contains("Native tool");
                    }
                }
                assertThat(named).as(action + " names the app").isTrue();
            }
        }
    }
}
