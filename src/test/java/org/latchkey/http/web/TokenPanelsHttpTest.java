package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Over plain HTTP: the fine-grained form with several owners, a policy's lifetime and the server-side
 * repository search; a token's usage and least-privilege panels; the security log's filters.
 */
class TokenPanelsHttpTest {

    private static final Pattern SECRET = Pattern.compile("id=\"token-secret\" class=\"secret\">(lk[pf]_[A-Za-z0-9]+)<");
    private static final Pattern OPTIONS = Pattern.compile("<option value=\"([^\"]*)\"");

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_fine_grained_form_offers_only_what_the_chosen_owners_allow_and_takes_several_owners(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = OrgPagesHttpTest.acmeWithBob(server);
            server.send("PUT", "/api/v1/orgs/acme/token-policy", "token " + admin,
                    "{\"forbid_classic\":false,\"max_lifetime_days\":45,\"require_approval\":false}");
            for (String name : new String[] {"web", "website", "infra"}) {
                server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"" + name + "\"}");
            }
            String bob = server.signIn("bob", OrgPagesHttpTest.BOB_PASSWORD);
            server.send("POST", "/api/v1/user/repos", "token " + bob, "{\"name\":\"dotfiles\"}");
            WebClient web = new WebClient(server);
            web.signIn("bob", OrgPagesHttpTest.BOB_PASSWORD);
            String form = "/settings/tokens/new-fine-grained";
            String blank = web.get(form).body();
            assertThat(expirations(blank)).containsExactly("7", "30", "60", "90", "custom");
            assertThat(blank).contains("acme policy: tokens may live at most 45 days.", "id=\"owner-bob\" checked")
                    .doesNotContain("No expiration");
            String csrf = WebClient.csrfOf(blank);

            HttpResponse<String> chosen = web.post(form, "_csrf", csrf, "refresh", "owners", "name", "kept", "owners", "bob",
                    "owners", "acme", "repository_filter", "web", "access_acme", "selected", "repositories", "acme/infra");
            assertThat(chosen.statusCode()).isEqualTo(200);
            assertThat(expirations(chosen.body())).containsExactly("7", "30", "45", "custom");
            assertThat(chosen.body()).contains("value=\"kept\"", "id=\"repo-acme/web\"", "id=\"repo-acme/website\"",
                    "id=\"repo-acme/infra\" checked", "Showing 3 of 4 repositories.", "id=\"access-acme-selected\" checked")
                    .doesNotContain("id=\"repo-acme/api\"", "id=\"repo-bob/dotfiles\"");

            HttpResponse<String> tooLong = web.post(form, "_csrf", csrf, "name", "too long", "owners", "acme",
                    "access_acme", "all", "permission_contents", "read", "expiration", "60");
            assertThat(tooLong.statusCode()).isEqualTo(422);
            assertThat(tooLong.body()).contains("id=\"expiration-error\"", "acme allows fine-grained tokens to live at most 45 days");
            HttpResponse<String> noOwner = web.post(form, "_csrf", csrf, "name", "nobody", "permission_contents", "read",
                    "expiration", "7");
            assertThat(noOwner.body()).contains("id=\"owners-error\"", "Choose at least one resource owner.");
            HttpResponse<String> noRepo = web.post(form, "_csrf", csrf, "name", "none", "owners", "acme", "access_acme",
                    "selected", "permission_contents", "read", "expiration", "7");
            assertThat(noRepo.body()).contains("Select at least one repository of acme");

            HttpResponse<String> created = web.post(form, "_csrf", csrf, "name", "two owners", "owners", "bob", "owners",
                    "acme", "access_bob", "all", "access_acme", "selected", "repositories", "acme/infra", "repositories",
                    "acme/web", "permission_contents", "write", "expiration", "45");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            Matcher secret = SECRET.matcher(created.body());
            assertThat(secret.find()).isTrue();
            String auth = "token " + secret.group(1);
            assertThat(server.get("/api/v1/repos/acme/infra", auth).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/repos/bob/dotfiles", auth).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/repos/acme/api", auth).status()).isIn(403, 404);
            Matcher id = Pattern.compile("href=\"/settings/tokens/([0-9]+)\"").matcher(web.get("/settings/tokens?tab=fine-grained").body());
            assertThat(id.find()).isTrue();
            assertThat(expirations(web.get("/settings/tokens/" + id.group(1)).body())).as("regenerate within acme's policy")
                    .containsExactly("7", "30", "45", "custom");
            assertThat(web.get("/settings/tokens?tab=fine-grained").body())
                    .contains("acme: infra, web", "bob: all repositories", "Expires on ");
        }
    }

    @Test
    void the_token_page_shows_recent_requests_and_what_the_token_never_needed() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            JsonNode token = server.createToken(session,
                    "{\"name\":\"auditor\",\"scopes\":[\"read:audit_log\",\"workflow\"],\"expires_in_days\":30}");
            String auth = "token " + token.get("token").asText();
            assertThat(server.get("/api/v1/user/audit-log", auth).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/user/tokens", auth).status()).isEqualTo(403);
            for (int i = 0; i < 12; i++) {
                server.clock().advance(java.time.Duration.ofSeconds(1));
                server.get("/api/v1/user/audit-log?per_page=" + (i + 1), auth);
                server.latchkey().flushUsage();
            }
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            String page = web.get("/settings/tokens/" + token.get("id").asLong()).body();

            assertThat(page).contains("id=\"usage-log\"", "GET /api/v1/user/audit-log", "from 127.0.0.1", "allowed",
                    "id=\"older-uses\"");
            assertThat(page).contains("id=\"advice-unused-grants\"", "<code>workflow</code>", "id=\"advice-suggestion\"");
            Matcher older = Pattern.compile("href=\"([^\"]*usage_before=[0-9]+)#usage\"").matcher(page);
            assertThat(older.find()).isTrue();
            String second = web.get(older.group(1).replace("&amp;", "&")).body();
            assertThat(second).contains("denied", "GET /api/v1/user/tokens", "id=\"newest-uses\"");
        }
    }

    @Test
    void the_security_log_filters_by_type_token_and_days_and_pages_within_the_filter() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            long keep = server.createToken(session, "{\"name\":\"keep\",\"scopes\":[]}").get("id").asLong();
            for (int i = 0; i < 32; i++) {
                long id = server.createToken(session, "{\"name\":\"t" + i + "\",\"scopes\":[]}").get("id").asLong();
                server.send("DELETE", "/api/v1/user/tokens/" + id, "token " + session, null);
            }
            server.send("POST", "/api/v1/user/tokens/" + keep + "/revoke", "token " + session, null);
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());

            String created = web.get("/settings/security-log?action=token.created").body();
            assertThat(created).contains("token.created").doesNotContain("<code class=\"action\">token.deleted</code>")
                    .contains("href=\"/settings/security-log?action=token.created&amp;before=");
            Matcher older = Pattern.compile("id=\"older\" href=\"([^\"]+)\"|href=\"([^\"]+)\" id=\"older\"").matcher(created);
            assertThat(older.find()).isTrue();
            String olderLink = (older.group(1) != null ? older.group(1) : older.group(2)).replace("&amp;", "&");
            String page2 = web.get(olderLink).body();
            assertThat(page2).contains("“keep”", "“t0”", "selected=\"selected\">token.created")
                    .doesNotContain("<code class=\"action\">token.deleted</code>");

            String one = web.get("/settings/security-log?token=" + keep).body();
            assertThat(one).contains("token.created", "token.revoked").doesNotContain("“t1”");

            String today = server.clock().instant().toString().substring(0, 10);
            assertThat(web.get("/settings/security-log?from=" + today + "&to=" + today).body()).contains("session.created");
            assertThat(web.get("/settings/security-log?from=2001-01-01&to=2001-01-02").body()).contains("No events match these filters.");
            HttpResponse<String> bad = web.get("/settings/security-log?from=yesterday&action=no.such");
            assertThat(bad.statusCode()).isEqualTo(422);
            assertThat(bad.body()).contains("id=\"from-error\"", "Give a date as YYYY-MM-DD.", "id=\"action-error\"",
                    "value=\"yesterday\"");
        }
    }

    private static java.util.List<String> expirations(String page) {
        String select = page.substring(page.indexOf("<select id=\"expiration\""), page.indexOf("</select>", page.indexOf("<select id=\"expiration\"")));
        java.util.List<String> values = new java.util.ArrayList<>();
        Matcher option = OPTIONS.matcher(select);
        while (option.find()) {
            values.add(option.group(1));
        }
        return values;
    }
}
