package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** An organisation's maximum lifetime holds for classic tokens on its resources too. */
class ClassicLifetimePolicyTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_classic_token_without_expiry_or_expiring_later_is_refused_on_the_orgs_resources(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            assertThat(server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}").status()).isEqualTo(201);
            server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"api\"}");
            server.send("POST", "/api/v1/user/repos", "token " + admin, "{\"name\":\"mine\"}");
            String forever = server.createToken(admin, "{\"name\":\"forever\",\"scopes\":[\"repo\"],\"expires\":\"never\"}")
                    .get("token").asText();
            String ninety = server.createToken(admin, "{\"name\":\"ninety\",\"scopes\":[\"repo\"],\"expires_in_days\":90}")
                    .get("token").asText();
            String week = server.createToken(admin, "{\"name\":\"week\",\"scopes\":[\"repo\"],\"expires_in_days\":7}")
                    .get("token").asText();
            assertThat(server.get("/api/v1/repos/acme/api", "token " + forever).status()).isEqualTo(200);

            server.send("PUT", "/api/v1/orgs/acme/token-policy", "token " + admin,
                    "{\"forbid_classic\":false,\"max_lifetime_days\":30,\"require_approval\":false}");
            Response noExpiry = server.get("/api/v1/repos/acme/api", "token " + forever);
            Response tooLong = server.get("/api/v1/repos/acme/api", "token " + ninety);

            assertThat(noExpiry.status()).isEqualTo(403);
            assertThat(noExpiry.body()).contains("acme allows tokens on its resources to live at most 30 days",
                    "has no expiration date");
            assertThat(tooLong.status()).isEqualTo(403);
            assertThat(tooLong.body()).contains("later than that");
            assertThat(server.get("/api/v1/repos/acme/api", "token " + week).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/repos/admin/mine", "token " + forever).status())
                    .as("the owner's own repositories follow no organisation's policy").isEqualTo(200);
        }
    }
}
