package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;

/** The token page's suspend and resume buttons and its breach runbook, over plain HTTP. */
class TokenBreachPagesHttpTest {

    private static final Pattern SECRET = Pattern.compile("id=\"token-secret\" class=\"secret\">(lkp_[A-Za-z0-9]+)<");

    @ParameterizedTest
    @EnumSource(Engine.class)
    void suspending_refuses_the_token_until_it_is_resumed(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            var token = server.createToken(session, "{\"name\":\"deploy\",\"scopes\":[\"repo\"]}");
            String auth = "token " + token.get("token").asText();
            String page = "/settings/tokens/" + token.get("id").asText();
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            String csrf = WebClient.csrfOf(web.get(page).body());

            HttpResponse<String> suspended = web.post(page + "/suspend", "_csrf", csrf);
            String suspendedPage = web.get(suspended.headers().firstValue("Location").orElseThrow()).body();
            int refused = server.get("/api/v1/user", auth).status();
            web.post(page + "/resume", "_csrf", csrf);
            String resumedPage = web.get(page + "?done=resumed").body();

            assertThat(suspended.statusCode()).isEqualTo(303);
            assertThat(suspendedPage).contains("The token is suspended", "id=\"suspended-line\"", "id=\"resume\"")
                    .doesNotContain("id=\"suspend\"");
            assertThat(refused).isEqualTo(401);
            assertThat(server.get("/api/v1/user", auth).status()).isEqualTo(200);
            assertThat(resumedPage).contains("The token works again.", "id=\"suspend\"").doesNotContain("id=\"suspended-line\"");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_breach_button_revokes_shows_where_it_was_used_and_gives_a_working_replacement(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            var token = server.createToken(session, "{\"name\":\"leaked\",\"scopes\":[\"repo\"]}");
            String auth = "token " + token.get("token").asText();
            assertThat(server.get("/api/v1/user", auth).status()).isEqualTo(200);
            String page = "/settings/tokens/" + token.get("id").asText();
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            String csrf = WebClient.csrfOf(web.get(page).body());

            HttpResponse<String> report = web.post(page + "/breach", "_csrf", csrf, "replace", "yes");

            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(report.body()).contains("id=\"breach-revoked\"", "is revoked as compromised", "id=\"breach-clients\"",
                    "127.0.0.1", "id=\"secret-warning\"", "id=\"review-log\"");
            assertThat(server.get("/api/v1/user", auth).status()).isEqualTo(401);
            Matcher secret = SECRET.matcher(report.body());
            assertThat(secret.find()).isTrue();
            assertThat(server.get("/api/v1/user", "token " + secret.group(1)).status()).isEqualTo(200);
            assertThat(web.get(page).body()).doesNotContain("id=\"breach\"", "id=\"suspend\"");
        }
    }
}
