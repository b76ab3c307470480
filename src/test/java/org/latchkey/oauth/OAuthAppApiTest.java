package org.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases;

/** Registering and managing OAuth apps over the API: callback rules, secrets shown once, owners only. */
class OAuthAppApiTest {

    private static final String APPS = "/api/v1/user/oauth-apps";

    private final TestServer server = TestServer.start(TestDatabases.Engine.H2);
    private final String admin = server.signInAdmin();

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    @Test
    void callbackUrls_mustBeHttpsOrLoopbackHttp_withoutFragmentOrUserInfo() {
        String[] refused = {"http://app.example/cb", "ftp://app.example/cb", "https://app.example/cb#x",
            "https://user@app.example/cb", "https://user:pw@app.example/cb", "/relative/cb", "app.example/cb",
            "https:///cb", "https://app.example/c b", "https://app.example/\u00e9", "javascript:alert(1)",
            "http://127.0.0.1.evil.example/cb", "http://10.0.0.1/cb", "", "HTTPS://app.example/cb"};
        for (String url : refused) {
            Response answer = create("{\"name\":\"A\",\"homepage_url\":\"https://a.example\",\"callback_urls\":[\""
                    + url + "\"],\"confidential\":true}");
            assertThat(answer.status()).as(url).isEqualTo(422);
            assertThat(answer.json().path("field").asText()).as(url).isEqualTo("callback_urls");
        }
        for (String body : new String[] {
            "{\"name\":\"A\",\"homepage_url\":\"https://a.example\",\"callback_urls\":[],\"confidential\":true}",
            "{\"name\":\"A\",\"homepage_url\":\"https://a.example\",\"confidential\":true}",
            "{\"name\":\"\",\"homepage_url\":\"https://a.example\",\"callback_urls\":[\"https://a.example/cb\"],\"confidential\":true}",
            "{\"name\":\"A\",\"homepage_url\":\"ftp://a.example\",\"callback_urls\":[\"https://a.example/cb\"],\"confidential\":true}",
            "{\"name\":\"A\",\"homepage_url\":\"https://a.example\",\"callback_urls\":[\"https://a.example/cb\"]}",
            "{\"name\":\"lkp_abcdefghijklmnopqrstuvwxyz0123456789\",\"homepage_url\":\"https://a.example\","
                    + "\"callback_urls\":[\"https://a.example/cb\"],\"confidential\":true}"}) {
            assertThat(create(body).status()).as(body).isEqualTo(422);
        }
        Response loopbacks = create("{\"name\":\"CLI\",\"homepage_url\":\"https://a.example\",\"callback_urls\":"
                + "[\"http://127.0.0.1/cb\",\"http://[::1]/cb\",\"http://localhost:8080/cb\",\"https://a.example/cb?x=1\"],"
                + "\"confidential\":false}");
        assertThat(loopbacks.status()).as(loopbacks.body()).isEqualTo(201);
        assertThat(loopbacks.json().path("client_secret").isNull()).isTrue();
        assertThat(loopbacks.json().path("callback_urls")).hasSize(4);
    }

    @Test
    void aConfidentialAppsSecrets_areShownOnce_rotate_andAreNeverListed() {
        Response created = create("{\"name\":\"Service\",\"homepage_url\":\"https://a.example\",\"description\":\"d\","
                + "\"callback_urls\":[\"https://a.example/cb\"],\"confidential\":true}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode app = created.json();
        String first = app.path("client_secret").asText();
        assertThat(app.path("client_id").asText()).matches("[0-9a-f]{20}");
        long id = app.path("id").asLong();

        Response added = server.send("POST", APPS + "/" + id + "/client-secrets", "token " + admin, null);
        assertThat(added.status()).isEqualTo(201);
        String second = added.json().path("client_secret").asText();
        assertThat(second).matches("lkcs_[0-9A-Za-z]{36}").isNotEqualTo(first);
        Response listed = server.get(APPS + "/" + id + "/client-secrets", "token " + admin);
        assertThat(listed.json()).hasSize(2);
        Response shown = server.get(APPS + "/" + id, "token " + admin);
        for (Response answer : new Response[] {listed, shown, server.get(APPS, "token " + admin)}) {
            assertThat(answer.body()).doesNotContain(first).doesNotContain(second);
        }
        long firstId = app.path("client_secret_id").asLong();
        assertThat(server.send("DELETE", APPS + "/" + id + "/client-secrets/" + firstId, "token " + admin, null).status())
                .isEqualTo(204);
        assertThat(server.send("DELETE", APPS + "/" + id + "/client-secrets/" + firstId, "token " + admin, null).status())
                .isEqualTo(404);
        assertThat(server.get(APPS + "/" + id + "/client-secrets", "token " + admin).json()).hasSize(1);

        Response patched = server.send("PATCH", APPS + "/" + id, "token " + admin, "{\"name\":\"Renamed\"}");
        assertThat(patched.json().path("name").asText()).isEqualTo("Renamed");
        assertThat(server.send("PATCH", APPS + "/" + id, "token " + admin, "{\"confidential\":false}").status())
                .isEqualTo(422);
        assertThat(server.send("DELETE", APPS + "/" + id, "token " + admin, null).status()).isEqualTo(204);
        assertThat(server.get(APPS + "/" + id, "token " + admin).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/user/audit-log", "token " + admin).body()).contains("oauth_app.created")
                .contains("oauth_app.secret_added").contains("oauth_app.secret_removed").contains("oauth_app.deleted")
                .doesNotContain(first).doesNotContain(second);
    }

    @Test
    void aPublicApp_hasNoSecrets() {
        long id = create("{\"name\":\"CLI\",\"homepage_url\":\"https://a.example\",\"callback_urls\":"
                + "[\"http://127.0.0.1/cb\"],\"confidential\":false}").json().path("id").asLong();
        Response refused = server.send("POST", APPS + "/" + id + "/client-secrets", "token " + admin, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("error").asText()).isEqualTo("oauth_app_public");
    }

    @Test
    void anotherUsersApp_isNotFound_andAnOrganisationsApps_areForItsOwnersOnly() {
        server.client().createUser(admin, "mallory", "a long password for mallory");
        String mallory = server.signIn("mallory", "a long password for mallory");
        long id = create("{\"name\":\"Mine\",\"homepage_url\":\"https://a.example\",\"callback_urls\":"
                + "[\"https://a.example/cb\"],\"confidential\":true}").json().path("id").asLong();
        for (String[] request : new String[][] {{"GET", APPS + "/" + id}, {"DELETE", APPS + "/" + id},
            {"POST", APPS + "/" + id + "/client-secrets"}, {"DELETE", APPS + "/" + id + "/tokens"},
            {"PATCH", APPS + "/" + id}}) {
            Response answer = server.send(request[0], request[1], "token " + mallory,
                    request[0].equals("PATCH") ? "{\"name\":\"x\"}" : null);
            assertThat(answer.status()).as(request[1]).isEqualTo(404);
        }
        assertThat(server.get(APPS, "token " + mallory).json()).isEmpty();

        server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}");
        server.send("PUT", "/api/v1/orgs/acme/members/mallory", "token " + admin, "{\"role\":\"member\"}");
        String body = "{\"name\":\"Acme CI\",\"homepage_url\":\"https://acme.example\",\"callback_urls\":"
                + "[\"https://acme.example/cb\"],\"confidential\":true}";
        Response byOwner = server.send("POST", "/api/v1/orgs/acme/oauth-apps", "token " + admin, body);
        assertThat(byOwner.status()).as(byOwner.body()).isEqualTo(201);
        assertThat(byOwner.json().path("owner").asText()).isEqualTo("acme");
        Response byMember = server.send("POST", "/api/v1/orgs/acme/oauth-apps", "token " + mallory, body);
        assertThat(byMember.status()).isIn(403, 404);
        assertThat(server.get("/api/v1/orgs/acme/oauth-apps", "token " + mallory).status()).isIn(403, 404);
        assertThat(server.get("/api/v1/orgs/acme/oauth-apps", "token " + admin).json()).hasSize(1);
        assertThat(server.get("/api/v1/orgs/acme/oauth-apps/" + id, "token " + admin).status())
                .as("a user's app is not the organisation's").isEqualTo(404);
        JsonNode token = server.createToken(admin, "{\"name\":\"classic\",\"scopes\":[\"repo\"]}");
        assertThat(server.get(APPS, "token " + token.path("token").asText()).status())
                .as("apps are managed with a session").isEqualTo(403);
    }

    private Response create(String body) {
        return server.send("POST", APPS, "token " + admin, body);
    }
}
