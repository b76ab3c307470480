package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Creating fine-grained tokens over HTTP: what is shown, and every invalid request named by its field. */
class FineGrainedTokenApiTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_fine_grained_token_shows_its_permissions_and_resources_but_never_its_secret_again(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}");
            server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"api\"}");

            Response created = server.send("POST", "/api/v1/user/tokens", "token " + admin, "{\"name\":\"deploy api\","
                    + "\"type\":\"fine_grained\",\"resources\":[{\"owner\":\"acme\",\"repositories\":[\"api\"]},"
                    + "{\"owner\":\"admin\",\"repositories\":\"public\"}],\"permissions\":{\"contents\":\"write\"},"
                    + "\"expires_in_days\":7}");

            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode token = created.json();
            assertThat(token.get("token").asText()).startsWith("lkf_");
            assertThat(token.get("type").asText()).isEqualTo("fine_grained");
            assertThat(token.get("scopes")).isEmpty();
            assertThat(token.get("permissions").toString()).isEqualTo("{\"contents\":\"write\",\"metadata\":\"read\"}");
            assertThat(token.get("resources")).extracting(r -> r.get("owner").asText() + "=" + r.get("repositories"))
                    .containsExactly("acme=[\"api\"]", "admin=\"public\"");
            JsonNode shown = server.get("/api/v1/user/tokens/" + token.get("id").asLong(), "token " + admin).json();
            assertThat(shown.has("token")).isFalse();
            assertThat(shown.get("resources").get(0).get("approval").asText()).isEqualTo("not_required");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown permission|{\"contents\":\"write\",\"secrets\":\"read\"}|[{\"owner\":\"admin\",\"repositories\":\"all\"}]|\"expires_in_days\":7|permissions|unknown permission 'secrets'",
        "level not offered|{\"workflows\":\"read\"}|[{\"owner\":\"admin\",\"repositories\":\"all\"}]|\"expires_in_days\":7|permissions|workflows can be write",
        "no expiry|{\"contents\":\"read\"}|[{\"owner\":\"admin\",\"repositories\":\"all\"}]|\"description\":\"x\"|expires_at|is required",
        "never expires|{\"contents\":\"read\"}|[{\"owner\":\"admin\",\"repositories\":\"all\"}]|\"expires\":\"never\"|expires|must expire",
        "over a year|{\"contents\":\"read\"}|[{\"owner\":\"admin\",\"repositories\":\"all\"}]|\"expires_in_days\":367|expires_at|at most 366 days",
        "no resources|{\"contents\":\"read\"}|[]|\"expires_in_days\":7|resources|is required",
        "stranger owner|{\"contents\":\"read\"}|[{\"owner\":\"nobody\",\"repositories\":\"all\"}]|\"expires_in_days\":7|resources.owner|neither you nor an organisation",
        "unknown repository|{\"contents\":\"read\"}|[{\"owner\":\"admin\",\"repositories\":[\"ghost\"]}]|\"expires_in_days\":7|resources.repositories|no repository named 'ghost'",
        "bad selection|{\"contents\":\"read\"}|[{\"owner\":\"admin\",\"repositories\":\"some\"}]|\"expires_in_days\":7|resources.repositories|must be",
        "owner twice|{\"contents\":\"read\"}|[{\"owner\":\"admin\",\"repositories\":\"all\"},{\"owner\":\"ADMIN\",\"repositories\":\"public\"}]|\"expires_in_days\":7|resources|named twice"
    })
    void an_invalid_fine_grained_request_is_refused_naming_the_field(String title, String permissions, String resources,
                                                                      String expiry, String field, String reason) throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String admin = server.signInAdmin();

            Response refused = server.send("POST", "/api/v1/user/tokens", "token " + admin, "{\"name\":\"t\","
                    + "\"type\":\"fine_grained\",\"resources\":" + resources + ",\"permissions\":" + permissions + "," + expiry + "}");

            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.json().get("field").asText()).isEqualTo(field);
            assertThat(refused.json().get("message").asText()).contains(reason);
            assertThat(server.get("/api/v1/user/tokens", "token " + admin).json()).isEmpty();
        }
    }

    @Test
    void scopes_and_permissions_do_not_mix() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String admin = server.signInAdmin();

            Response scopesOnFine = server.send("POST", "/api/v1/user/tokens", "token " + admin, "{\"name\":\"t\","
                    + "\"type\":\"fine_grained\",\"scopes\":[\"repo\"],\"resources\":[{\"owner\":\"admin\",\"repositories\":\"all\"}],"
                    + "\"permissions\":{},\"expires_in_days\":7}");
            Response permissionsOnClassic = server.send("POST", "/api/v1/user/tokens", "token " + admin,
                    "{\"name\":\"t\",\"scopes\":[\"repo\"],\"permissions\":{\"contents\":\"read\"}}");
            Response unknownType = server.send("POST", "/api/v1/user/tokens", "token " + admin,
                    "{\"name\":\"t\",\"type\":\"oauth\",\"scopes\":[]}");

            assertThat(scopesOnFine.status()).isEqualTo(422);
            assertThat(scopesOnFine.json().get("field").asText()).isEqualTo("scopes");
            assertThat(permissionsOnClassic.status()).isEqualTo(422);
            assertThat(permissionsOnClassic.json().get("field").asText()).isEqualTo("type");
            assertThat(unknownType.status()).isEqualTo(422);
        }
    }
}
