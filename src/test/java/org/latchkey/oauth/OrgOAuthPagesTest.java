package org.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * An organisation's settings link to its OAuth apps and to its OAuth app access restrictions, where
 * an owner restricts apps, approves one by client_id and withdraws the approval; members cannot,
 * and every form needs the session's CSRF token.
 */
class OrgOAuthPagesTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    private static final String RESTRICTIONS = "/orgs/acme/settings/oauth-app-restrictions";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theOrgSettingsLinkToOAuthAppsAndRestrictions_whereAnOwnerApprovesApps(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            OAuthHarness.OrgMembers acme = oauth.acmeWithMemberBob();
            String admin = acme.admin();
            String bob = acme.bob();
            com.fasterxml.jackson.databind.JsonNode app = oauth.publicApp(admin, "http://127.0.0.1/cb");
            String clientId = app.path("client_id").asText();
            long appId = app.path("id").asLong();

            Response settings = page(server, admin, "/orgs/acme/settings/tokens");
            assertThat(settings.body()).contains("href=\"/orgs/acme/settings/oauth-apps\"")
                    .contains("href=\"" + RESTRICTIONS + "\"");
            assertThat(page(server, admin, "/orgs").body()).contains("href=\"" + RESTRICTIONS + "\"");
            Response apps = page(server, admin, "/orgs/acme/settings/oauth-apps");
            assertThat(apps.body()).contains("href=\"" + RESTRICTIONS + "\"");
            Response restrictions = page(server, admin, RESTRICTIONS);
            assertThat(restrictions.body()).contains("OAuth apps are not restricted.").contains("id=\"no-approved-apps\"");

            String csrf = OAuthHarness.csrf(restrictions);
            assertThat(post(oauth, admin, RESTRICTIONS, Map.of("restricted", "true")).status()).as("no CSRF").isEqualTo(403);
            assertThat(post(oauth, admin, RESTRICTIONS, Map.of("_csrf", csrf, "restricted", "true")).status()).isEqualTo(303);
            assertThat(post(oauth, admin, RESTRICTIONS + "/approve", Map.of("_csrf", csrf, "client_id", clientId)).status())
                    .isEqualTo(303);
            Response policy = server.get("/api/v1/orgs/acme/oauth-app-policy", "token " + admin);
            assertThat(policy.json().path("restricted").asBoolean()).isTrue();
            assertThat(policy.json().path("approved_app_ids").toString()).isEqualTo("[" + appId + "]");
            assertThat(page(server, admin, RESTRICTIONS).body()).contains("OAuth apps are restricted.")
                    .contains("Native tool").contains(clientId);
            assertThat(post(oauth, admin, RESTRICTIONS + "/approve", Map.of("_csrf", csrf, "client_id", "Iv1.nonsense"))
                    .status()).as("an unknown app").isIn(400, 404);

            Response member = server.client().send("GET", RESTRICTIONS, Map.of("Cookie", "latchkey_session=" + bob), null);
            assertThat(member.status()).isIn(403, 404);
            String bobCsrf = OAuthHarness.csrf(page(server, bob, "/orgs"));
            assertThat(post(oauth, bob, RESTRICTIONS, Map.of("_csrf", bobCsrf, "restricted", "false")).status()).isIn(403, 404);
            assertThat(page(server, bob, "/orgs").body()).doesNotContain("href=\"" + RESTRICTIONS + "\"");

            assertThat(post(oauth, admin, RESTRICTIONS + "/" + clientId + "/remove", Map.of("_csrf", csrf)).status())
                    .isEqualTo(303);
            assertThat(server.get("/api/v1/orgs/acme/oauth-app-policy", "token " + admin).json().path("approved_app_ids"))
                    .isEmpty();
            assertThat(server.get("/api/v1/orgs/acme/audit-log", "token " + admin).body() + server.get(
                    "/api/v1/user/audit-log", "token " + admin).body()).contains("org.oauth_app_approved")
                    .contains("org.oauth_app_approval_removed");
        }
    }

    private static Response page(TestServer server, String session, String path) {
        Response page = server.client().send("GET", path, Map.of("Cookie", "latchkey_session=" + session), null);
        assertThat(page.status()).as(path + ": " + page.body()).isEqualTo(200);
        return page;
    }

    private static Response post(OAuthHarness oauth, String session, String path, Map<String, String> form) {
        return oauth.postForm(path, Map.of("Cookie", "latchkey_session=" + session), form);
    }
}
