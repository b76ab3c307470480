package org.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** An organisation that restricts OAuth apps: an unapproved app's tokens reach only its public resources, and say why. */
class OAuthOrgRestrictionTest {

    private static final String CALLBACK = "http://127.0.0.1/cb";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anUnapprovedApp_readsOnlyPublicRepositories_untilAnOwnerApprovesIt(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            OAuthHarness.OrgMembers acme = oauth.acmeWithMemberBob();
            String admin = acme.admin();
            String bob = acme.bob();
            server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"secret\",\"private\":true}");
            server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"open\",\"private\":false}");
            assertThat(server.send("PUT", "/api/v1/orgs/acme/token-policy", "token " + admin,
                    "{\"forbid_classic\":true,\"require_approval\":false}")
                    .json().path("forbid_classic").asBoolean()).isTrue();
            String clientId = oauth.publicApp(admin, CALLBACK).path("client_id").asText();
            String access = oauth.exchange(clientId, oauth.code(bob, clientId, CALLBACK, "repo"), CALLBACK)
                    .path("access_token").asText();
            String git = "/acme/secret.git/info/refs?service=git-upload-pack";
            String basic = "Basic " + Base64.getEncoder().encodeToString(("bob:" + access).getBytes());

            assertThat(server.get("/api/v1/repos/acme/secret", "token " + access).status())
                    .as("an app token is no classic personal token").isEqualTo(200);

            Response restricted = server.send("PUT", "/api/v1/orgs/acme/oauth-app-policy", "token " + admin,
                    "{\"restricted\":true}");
            assertThat(restricted.status()).as(restricted.body()).isEqualTo(200);
            assertThat(server.send("PUT", "/api/v1/orgs/acme/oauth-app-policy", "token " + bob,
                    "{\"restricted\":false}").status()).isIn(403, 404);
            Response refused = server.get("/api/v1/repos/acme/secret", "token " + access);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().path("error").asText()).isEqualTo("oauth_app_not_approved");
            assertThat(refused.json().path("message").asText()).contains("acme restricts OAuth apps")
                    .contains("Native tool").contains("public resources");
            assertThat(server.get(git, basic).status()).isEqualTo(403);
            assertThat(server.get("/api/v1/repos/acme/open", "token " + access).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/repos/acme/secret", "token " + bob).status())
                    .as("a session is no app").isEqualTo(200);

            assertThat(server.send("PUT", "/api/v1/orgs/acme/oauth-app-approvals/" + clientId, "token " + bob, null)
                    .status()).isIn(403, 404);
            assertThat(server.send("PUT", "/api/v1/orgs/acme/oauth-app-approvals/nope", "token " + admin, null)
                    .status()).isEqualTo(404);
            assertThat(server.send("PUT", "/api/v1/orgs/acme/oauth-app-approvals/" + clientId, "token " + admin, null)
                    .status()).isEqualTo(204);
            assertThat(server.get("/api/v1/repos/acme/secret", "token " + access).status()).isEqualTo(200);
            assertThat(server.get(git, basic).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/orgs/acme/oauth-app-policy", "token " + admin).json()
                    .path("approved_app_ids")).hasSize(1);

            assertThat(server.send("DELETE", "/api/v1/orgs/acme/oauth-app-approvals/" + clientId, "token " + admin, null)
                    .status()).isEqualTo(204);
            assertThat(server.get("/api/v1/repos/acme/secret", "token " + access).status()).isEqualTo(403);
            assertThat(server.get("/api/v1/user/audit-log", "token " + admin).body())
                    .contains("org.oauth_app_restriction_changed").contains("org.oauth_app_approved")
                    .contains("org.oauth_app_approval_removed");
        }
    }

    @Test
    void aRestrictionOrAWithdrawnApproval_onOneNode_holdsOnAnotherAtOnce() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            OAuthHarness oauth = new OAuthHarness(a);
            String admin = a.signInAdmin();
            a.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}");
            a.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"secret\",\"private\":true}");
            String clientId = oauth.publicApp(admin, CALLBACK).path("client_id").asText();
            String access = oauth.exchange(clientId, oauth.code(admin, clientId, CALLBACK, "repo"), CALLBACK)
                    .path("access_token").asText();
            assertThat(b.get("/api/v1/repos/acme/secret", "token " + access).status()).isEqualTo(200);

            a.send("PUT", "/api/v1/orgs/acme/oauth-app-policy", "token " + admin, "{\"restricted\":true}");
            assertThat(b.get("/api/v1/repos/acme/secret", "token " + access).status())
                    .as("no clock moved: the other node reads the policy fresh").isEqualTo(403);
            a.send("PUT", "/api/v1/orgs/acme/oauth-app-approvals/" + clientId, "token " + admin, null);
            assertThat(b.get("/api/v1/repos/acme/secret", "token " + access).status()).isEqualTo(200);
            a.send("DELETE", "/api/v1/orgs/acme/oauth-app-approvals/" + clientId, "token " + admin, null);
            assertThat(b.get("/api/v1/repos/acme/secret", "token " + access).status()).isEqualTo(403);
        }
    }
}
