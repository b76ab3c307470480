package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;

/** Settings › Developer settings › OAuth apps over HTTP: register, secrets shown once, rotate, revoke, delete; owners only. */
class OAuthAppPagesHttpTest {

    private static final String APPS = "/settings/developers/oauth-apps";
    private static final Pattern SECRET = Pattern.compile("id=\"client-secret\">(lkcs_[0-9A-Za-z]{36})<");

    private final TestServer server = TestServer.start(Engine.H2);
    private final WebClient web = new WebClient(server);

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    @Test
    void register_showTheSecretOnce_rotate_revokeAndDelete() {
        web.signIn(FirstAdmin.LOGIN, server.adminPassword());
        String csrf = web.csrf(APPS);

        HttpResponse<String> noCsrf = web.post(APPS, "name", "X", "homepage_url", "https://x.example",
                "callback_urls", "https://x.example/cb", "type", "confidential");
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        HttpResponse<String> bad = web.post(APPS, "_csrf", csrf, "name", "X", "homepage_url", "https://x.example",
                "callback_urls", "http://x.example/cb", "type", "confidential");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("id=\"callback-urls-error\"").contains("must be https");

        HttpResponse<String> created = web.post(APPS, "_csrf", csrf, "name", "CI portal", "homepage_url",
                "https://ci.example", "callback_urls", "https://ci.example/cb\r\nhttp://127.0.0.1/cb", "type", "confidential");
        assertThat(created.statusCode()).isEqualTo(200);
        Matcher secret = SECRET.matcher(created.body());
        assertThat(secret.find()).as(created.body()).isTrue();
        String first = secret.group(1);
        String id = server.get("/api/v1/user/oauth-apps", "token " + server.signInAdmin()).json().get(0).path("id").asText();
        String page = APPS + "/" + id;
        HttpResponse<String> shown = web.get(page);
        assertThat(shown.body()).contains("CI portal").contains("http://127.0.0.1/cb").doesNotContain(first)
                .doesNotContain("id=\"client-secret\"");

        HttpResponse<String> added = web.post(page + "/client-secrets", "_csrf", csrf);
        Matcher second = SECRET.matcher(added.body());
        assertThat(second.find()).isTrue();
        assertThat(second.group(1)).isNotEqualTo(first);
        assertThat(web.get(page).body()).contains("data-secret=").doesNotContain(second.group(1));
        Matcher secretIds = Pattern.compile("data-secret=\"(\\d+)\"").matcher(web.get(page).body());
        assertThat(secretIds.find()).isTrue();
        assertThat(web.post(page + "/client-secrets/" + secretIds.group(1) + "/delete", "_csrf", csrf).statusCode())
                .isEqualTo(303);
        assertThat(web.get(page).body().split("data-secret=", -1)).hasSize(2);

        assertThat(web.post(page + "/revoke-tokens", "_csrf", csrf).headers().firstValue("Location")).hasValue(page + "?revoked=1");
        assertThat(web.post(page + "/delete", "_csrf", csrf).statusCode()).isEqualTo(303);
        assertThat(web.get(page).statusCode()).isEqualTo(404);
    }

    @Test
    void anOrganisationsApps_areForItsOwners() {
        String admin = server.signInAdmin();
        server.client().createUser(admin, "mallory", "a long password for mallory");
        server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}");
        server.send("PUT", "/api/v1/orgs/acme/members/mallory", "token " + admin, "{\"role\":\"member\"}");
        web.signIn(FirstAdmin.LOGIN, server.adminPassword());
        String csrf = web.csrf("/orgs/acme/settings/oauth-apps");
        HttpResponse<String> created = web.post("/orgs/acme/settings/oauth-apps", "_csrf", csrf, "name", "Acme CI",
                "homepage_url", "https://acme.example", "callback_urls", "https://acme.example/cb", "type", "public");
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("Acme CI").contains("Public (PKCE required)");

        WebClient member = new WebClient(server);
        member.signIn("mallory", "a long password for mallory");
        assertThat(member.get("/orgs/acme/settings/oauth-apps").statusCode()).isIn(403, 404);
    }
}
