package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Users, sessions and the audit log over HTTP. */
class AccountApiTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void only_an_admin_session_creates_users_and_they_can_sign_in(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            AuthenticationTest.createUser(server, admin, "carol", "carols long password");
            String carol = server.signIn("carol", "carols long password");

            Response refused = server.send("POST", "/api/v1/admin/users", "token " + carol,
                    "{\"username\":\"mallory\",\"password\":\"mallorys password\"}");
            Response duplicate = server.send("POST", "/api/v1/admin/users", "token " + admin,
                    "{\"username\":\"CAROL\",\"password\":\"another password!\"}");

            assertThat(refused.status()).isEqualTo(403);
            assertThat(duplicate.status()).isEqualTo(422);
            assertThat(duplicate.json().get("field").asText()).isEqualTo("username");
            assertThat(server.get("/api/v1/user", "token " + carol).json().get("email").asText()).isEqualTo("carol@example.com");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void signing_out_ends_the_session(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();

            assertThat(server.send("DELETE", "/api/v1/session", "token " + session, null).status()).isEqualTo(204);

            Response after = server.get("/api/v1/user", "token " + session);
            assertThat(after.status()).isEqualTo(401);
            assertThat(after.json().get("message").asText()).contains("the session ended");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void audit_log_pages_newest_first_and_never_holds_a_secret(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            String secret = server.createToken(session, "{\"name\":\"one\",\"scopes\":[]}").get("token").asText();
            server.createToken(session, "{\"name\":\"two\",\"scopes\":[]}");

            Response first = server.get("/api/v1/user/audit-log?per_page=2", "token " + session);

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json()).hasSize(2);
            assertThat(first.json().get(0).get("action").asText()).isEqualTo("token.created");
            assertThat(first.json().get(0).get("details").get("name").asText()).isEqualTo("two");
            assertThat(first.header("Link")).contains("rel=\"next\"");
            long lastId = first.json().get(1).get("id").asLong();
            Response next = server.get("/api/v1/user/audit-log?per_page=2&before=" + lastId, "token " + session);
            assertThat(next.json().get(0).get("id").asLong()).isLessThan(lastId);
            assertThat(first.body() + next.body()).doesNotContain(secret).doesNotContain(session);
        }
    }
}
