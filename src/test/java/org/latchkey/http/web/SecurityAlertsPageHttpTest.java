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

/** {@code /settings/security-alerts}: a revoked token presented again is listed, and can be acknowledged. */
class SecurityAlertsPageHttpTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_revoked_token_presented_again_is_listed_and_acknowledged(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            var token = server.createToken(session, "{\"name\":\"old deploy\",\"scopes\":[]}");
            server.send("POST", "/api/v1/user/tokens/" + token.get("id").asText() + "/revoke", "token " + session, null);
            assertThat(server.get("/api/v1/user", "token " + token.get("token").asText()).status()).isEqualTo(401);
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());

            String listed = web.get("/settings/security-alerts").body();
            Matcher id = Pattern.compile("id=\"acknowledge-([0-9]+)\"").matcher(listed);
            assertThat(listed).contains("revoked_token_used", "old deploy", "id=\"alerts-link\"")
                    .doesNotContain(token.get("token").asText());
            assertThat(id.find()).isTrue();
            HttpResponse<String> acknowledged = web.post("/settings/security-alerts/" + id.group(1) + "/acknowledge",
                    "_csrf", WebClient.csrfOf(listed));
            HttpResponse<String> noCsrf = web.post("/settings/security-alerts/" + id.group(1) + "/acknowledge");
            HttpResponse<String> unknown = web.post("/settings/security-alerts/999999/acknowledge",
                    "_csrf", WebClient.csrfOf(listed));

            assertThat(acknowledged.statusCode()).isEqualTo(303);
            assertThat(web.get("/settings/security-alerts").body()).contains("acknowledged")
                    .doesNotContain("id=\"acknowledge-" + id.group(1) + "\"");
            assertThat(noCsrf.statusCode()).isEqualTo(403);
            assertThat(unknown.statusCode()).isEqualTo(404);
        }
    }
}
