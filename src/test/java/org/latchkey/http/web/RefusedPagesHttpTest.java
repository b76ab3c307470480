package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;

/** A page refused for the same reason as an API call answers with the API's status, not a status of its own. */
class RefusedPagesHttpTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_field_that_cannot_be_accepted_is_422_on_the_page_as_in_the_api(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            long id = server.createToken(session, "{\"name\":\"leaked\",\"scopes\":[\"repo\"]}").get("id").asLong();
            String page = "/settings/tokens/" + id;
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            String csrf = WebClient.csrfOf(web.get(page).body());
            assertThat(web.post(page + "/breach", "_csrf", csrf, "replace", "yes").statusCode()).isEqualTo(200);

            HttpResponse<String> again = web.post(page + "/breach", "_csrf", csrf, "replace", "yes");
            Response api = server.send("POST", "/api/v1/user/tokens/" + id + "/breach", "token " + session,
                    "{\"replace\":true}");

            assertThat(api.status()).isEqualTo(422);
            assertThat(api.json().get("field").asText()).isEqualTo("name");
            assertThat(again.statusCode()).isEqualTo(422);
            assertThat(again.body()).contains("Not accepted", "you already have a live token named");
        }
    }
}
