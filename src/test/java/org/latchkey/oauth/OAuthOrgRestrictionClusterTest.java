package org.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Two nodes on one PostgreSQL database: an organisation's OAuth app policy, which each node keeps
 * in memory, changed through node A holds on node B as soon as the call returns (not 30 s later).
 */
class OAuthOrgRestrictionClusterTest {

    private static final String CALLBACK = "http://127.0.0.1/cb";

    @Test
    void restricting_and_removing_an_approval_through_one_node_holds_on_the_other_when_the_call_returns() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            OAuthHarness oauth = new OAuthHarness(a);
            OAuthHarness.OrgMembers acme = oauth.acmeWithMemberBob();
            String admin = acme.admin();
            String bob = acme.bob();
            a.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"secret\",\"private\":true}");
            String clientId = oauth.publicApp(admin, CALLBACK).path("client_id").asText();
            String access = "token " + oauth.exchange(clientId, oauth.code(bob, clientId, CALLBACK, "repo"), CALLBACK)
                    .path("access_token").asText();
            assertThat(b.get("/api/v1/repos/acme/secret", access).status()).isEqualTo(200);

            assertThat(a.send("PUT", "/api/v1/orgs/acme/oauth-app-policy", "token " + admin, "{\"restricted\":true}")
                    .status()).isEqualTo(200);
            assertThat(b.get("/api/v1/repos/acme/secret", access).json().path("error").asText())
                    .isEqualTo("oauth_app_not_approved");

            assertThat(a.send("PUT", "/api/v1/orgs/acme/oauth-app-approvals/" + clientId, "token " + admin, null)
                    .status()).isEqualTo(204);
            assertThat(b.get("/api/v1/repos/acme/secret", access).status()).isEqualTo(200);
            assertThat(a.send("DELETE", "/api/v1/orgs/acme/oauth-app-approvals/" + clientId, "token " + admin, null)
                    .status()).isEqualTo(204);
            assertThat(b.get("/api/v1/repos/acme/secret", access).status()).isEqualTo(403);
        }
    }
}
