package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;

/** The organisation pages over plain HTTP: who may see them, the policy form, approving, denying and revoking. */
class OrgPagesHttpTest {

    static final String BOB_PASSWORD = "bobs long password";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void only_owners_see_the_org_page_and_the_policy_form_shows_refusals_beside_the_field(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = acmeWithBob(server);
            server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"other\"}");
            WebClient bob = new WebClient(server);
            bob.signIn("bob", BOB_PASSWORD);
            HttpResponse<String> memberPage = bob.get("/orgs/acme/settings/tokens");
            assertThat(memberPage.statusCode()).isEqualTo(403);
            assertThat(memberPage.body()).contains("needs an owner of acme");
            assertThat(bob.get("/orgs/other/settings/tokens").statusCode()).isEqualTo(403);
            assertThat(bob.get("/orgs/nowhere/settings/tokens").statusCode()).isEqualTo(404);
            assertThat(bob.post("/orgs/acme/settings/token-policy", "_csrf", bob.csrf("/orgs"), "max_lifetime_days", "1")
                    .statusCode()).isEqualTo(403);
            assertThat(bob.get("/orgs").body()).contains("acme", "Only owners manage its tokens.")
                    .doesNotContain("/orgs/acme/settings/tokens");

            WebClient web = new WebClient(server);
            assertThat(web.get("/orgs/acme/settings/tokens").headers().firstValue("Location"))
                    .hasValue("/login?return_to=%2Forgs%2Facme%2Fsettings%2Ftokens");
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            assertThat(web.get("/settings/tokens").body()).contains("href=\"/orgs\"");
            assertThat(web.get("/orgs").body()).contains("href=\"/orgs/acme/settings/tokens\"");
            String page = "/orgs/acme/settings/tokens";
            assertThat(web.get("/orgs/ACME").headers().firstValue("Location")).hasValue(page);
            HttpResponse<String> shown = web.get(page);
            assertThat(shown.statusCode()).isEqualTo(200);
            WebPagesHttpTest.assertSecurityHeaders(shown);
            String csrf = WebClient.csrfOf(shown.body());

            assertThat(web.post("/orgs/acme/settings/token-policy", "max_lifetime_days", "30").statusCode()).isEqualTo(403);
            HttpResponse<String> words = web.post("/orgs/acme/settings/token-policy", "_csrf", csrf, "max_lifetime_days", "a month",
                    "require_approval", "true");
            assertThat(words.statusCode()).isEqualTo(422);
            assertThat(words.body()).contains("id=\"max_lifetime_days-error\"", "must be a whole number of days", "value=\"a month\"");
            HttpResponse<String> tooLong = web.post("/orgs/acme/settings/token-policy", "_csrf", csrf, "max_lifetime_days", "400");
            assertThat(tooLong.statusCode()).isEqualTo(422);
            assertThat(tooLong.body()).contains("The maximum lifetime must be between 1 and 366 days.");
            assertThat(policy(server, admin).get("max_lifetime_days").isNull()).isTrue();

            HttpResponse<String> saved = web.post("/orgs/acme/settings/token-policy", "_csrf", csrf, "forbid_classic", "true",
                    "max_lifetime_days", "30", "require_approval", "true");
            assertThat(saved.headers().firstValue("Location")).hasValue(page + "?done=policy");
            JsonNode policy = policy(server, admin);
            assertThat(policy.get("max_lifetime_days").asInt()).isEqualTo(30);
            assertThat(policy.get("forbid_classic").asBoolean()).isTrue();
            assertThat(policy.get("require_approval").asBoolean()).isTrue();
            assertThat(web.get(page + "?done=policy").body()).contains("The token policy was saved", "value=\"30\"");
            assertThat(web.get("/settings/tokens/new").body()).contains("id=\"classic-refused\"",
                    "acme refuses classic tokens on their resources");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void an_owner_denies_with_a_reason_approves_and_revokes_members_tokens(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = acmeWithBob(server);
            server.send("PUT", "/api/v1/orgs/acme/token-policy", "token " + admin,
                    "{\"forbid_classic\":false,\"max_lifetime_days\":null,\"require_approval\":true}");
            String bob = server.signIn("bob", BOB_PASSWORD);
            JsonNode first = fineGrained(server, bob, "bob wants in");
            JsonNode second = fineGrained(server, bob, "bob again");
            assertThat(server.get("/api/v1/repos/acme/api", "token " + first.get("token").asText()).status()).isEqualTo(403);

            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            String page = "/orgs/acme/settings/tokens";
            assertThat(web.get("/orgs/ACME").headers().firstValue("Location")).hasValue(page);
            HttpResponse<String> shown = web.get(page);
            assertThat(shown.body()).contains("bob wants in", "bob again", "requested by bob", "Repositories: all repositories",
                    "contents: read", "No fine-grained token may act on the organisation.");
            String csrf = WebClient.csrfOf(shown.body());
            long firstId = first.get("id").asLong();
            long secondId = second.get("id").asLong();

            HttpResponse<String> noReason = web.post(page.replace("tokens", "tokens/" + secondId + "/deny"), "_csrf", csrf,
                    "reason", "  ");
            assertThat(noReason.statusCode()).isEqualTo(422);
            assertThat(noReason.body()).contains("id=\"reason-error-" + secondId + "\"", "Give a reason");
            assertThat(web.post("/orgs/acme/settings/tokens/" + secondId + "/deny", "_csrf", csrf, "reason", "too broad")
                    .headers().firstValue("Location")).hasValue(page + "?done=denied");
            assertThat(web.post("/orgs/acme/settings/tokens/" + firstId + "/approve", "_csrf", csrf)
                    .headers().firstValue("Location")).hasValue(page + "?done=approved");
            assertThat(web.post("/orgs/acme/settings/tokens/" + firstId + "/approve", "_csrf", csrf).statusCode())
                    .as("already approved").isEqualTo(409);

            assertThat(server.get("/api/v1/repos/acme/api", "token " + first.get("token").asText()).status()).isEqualTo(200);
            String after = web.get(page).body();
            assertThat(after).contains("No fine-grained token waits for approval.", "id=\"org-token-" + firstId + "\"",
                    "held by bob").doesNotContain("bob again");

            WebClient bobWeb = new WebClient(server);
            bobWeb.signIn("bob", BOB_PASSWORD);
            assertThat(bobWeb.get("/settings/tokens/" + secondId).body()).contains("acme: denied by admin (too broad)");
            assertThat(bobWeb.get("/settings/tokens/" + firstId).body()).contains("acme: approved by admin");

            assertThat(web.post("/orgs/acme/settings/tokens/" + firstId + "/revoke", "_csrf", csrf).headers()
                    .firstValue("Location")).hasValue(page + "?done=revoked");
            assertThat(server.get("/api/v1/repos/acme/api", "token " + first.get("token").asText()).status()).isEqualTo(401);
            assertThat(web.post("/orgs/acme/settings/tokens/99999/approve", "_csrf", csrf).statusCode()).isEqualTo(404);
        }
    }

    /** An org "acme" owned by admin, with member bob and a repository "api"; answers admin's session. */
    static String acmeWithBob(TestServer server) {
        String admin = server.signInAdmin();
        TestServer.Response created = server.send("POST", "/api/v1/admin/users", "token " + admin,
                "{\"username\":\"bob\",\"password\":\"" + BOB_PASSWORD + "\",\"email\":\"bob@example.com\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}").status()).isEqualTo(201);
        assertThat(server.send("PUT", "/api/v1/orgs/acme/members/bob", "token " + admin, null).status()).isEqualTo(200);
        assertThat(server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"api\"}").status()).isEqualTo(201);
        return admin;
    }

    static JsonNode fineGrained(TestServer server, String session, String name) {
        TestServer.Response created = server.send("POST", "/api/v1/user/tokens", "token " + session, "{\"name\":\"" + name
                + "\",\"type\":\"fine_grained\",\"resources\":[{\"owner\":\"acme\",\"repositories\":\"all\"}],"
                + "\"permissions\":{\"contents\":\"read\"},\"expires_in_days\":7}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private static JsonNode policy(TestServer server, String admin) {
        return server.get("/api/v1/orgs/acme/token-policy", "token " + admin).json();
    }
}
