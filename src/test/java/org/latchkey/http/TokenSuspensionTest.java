package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** Suspending and resuming a token, by its owner and by an administrator for all of a user's tokens. */
class TokenSuspensionTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_suspended_token_is_refused_with_when_and_by_whom_until_its_owner_resumes_it(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = "token " + server.signInAdmin();
            JsonNode created = server.createToken(session.substring(6), "{\"name\":\"ci\",\"scopes\":[\"repo\"]}");
            long id = created.get("id").asLong();
            String secret = "token " + created.get("token").asText();
            assertThat(server.get("/api/v1/user", secret).status()).isEqualTo(200);

            Response suspended = server.send("POST", "/api/v1/user/tokens/" + id + "/suspend", session, null);
            Response refused = server.get("/api/v1/user", secret);
            JsonNode suspendedList = server.get("/api/v1/user/tokens?state=suspended", session).json();
            JsonNode activeList = server.get("/api/v1/user/tokens?state=active", session).json();
            server.clock().advance(Duration.ofMinutes(5));
            Response resumed = server.send("POST", "/api/v1/user/tokens/" + id + "/resume", session, null);
            Response again = server.get("/api/v1/user", secret);

            assertThat(suspended.status()).isEqualTo(200);
            assertThat(suspended.json().get("state").asText()).isEqualTo("suspended");
            assertThat(suspended.json().get("suspended_by").asText()).isEqualTo("admin");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("error").asText()).isEqualTo("token_suspended");
            assertThat(refused.json().get("message").asText())
                    .matches("This token was suspended on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC by admin; resume it at"
                            + " POST /api/v1/user/tokens/" + id + "/resume \\(latchkey token resume " + id + "\\)\\.")
                    .doesNotContain(created.get("token").asText());
            assertThat(suspendedList).extracting(t -> t.get("id").asLong()).containsExactly(id);
            assertThat(activeList).isEmpty();
            assertThat(resumed.status()).isEqualTo(200);
            assertThat(resumed.json().get("state").asText()).isEqualTo("active");
            assertThat(resumed.json().get("suspended_at").isNull()).isTrue();
            assertThat(again.status()).isEqualTo(200);
            assertThat(server.get("/api/v1/user/audit-log", session).body())
                    .contains("token.suspended", "token.suspended_token_used", "token.resumed");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void suspending_twice_or_resuming_an_active_token_changes_nothing_and_a_revoked_one_cannot_be_suspended(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = "token " + server.signInAdmin();
            long id = server.createToken(session.substring(6), "{\"name\":\"ci\",\"scopes\":[\"repo\"]}").get("id").asLong();
            long revoked = server.createToken(session.substring(6), "{\"name\":\"old\",\"scopes\":[\"repo\"]}").get("id").asLong();
            server.send("POST", "/api/v1/user/tokens/" + revoked + "/revoke", session, null);

            assertThat(server.send("POST", "/api/v1/user/tokens/" + id + "/resume", session, null).json()
                    .get("state").asText()).isEqualTo("active");
            String first = server.send("POST", "/api/v1/user/tokens/" + id + "/suspend", session, null).json()
                    .get("suspended_at").asText();
            server.clock().advance(Duration.ofMinutes(1));
            assertThat(server.send("POST", "/api/v1/user/tokens/" + id + "/suspend", session, null).json()
                    .get("suspended_at").asText()).isEqualTo(first);
            Response conflict = server.send("POST", "/api/v1/user/tokens/" + revoked + "/suspend", session, null);
            assertThat(conflict.status()).isEqualTo(409);
            assertThat(server.send("POST", "/api/v1/user/tokens/987654/suspend", session, null).status()).isEqualTo(404);
            assertThat(server.send("POST", "/api/v1/user/tokens/" + id + "/suspend", session, "{\"x\":1}").status())
                    .isEqualTo(422);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void an_administrator_suspends_every_token_of_a_user_and_only_an_administrator_resumes_them(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = "token " + server.signInAdmin();
            server.client().createUser(admin.substring(6), "grace", "correct horse battery");
            String grace = server.signIn("grace", "correct horse battery");
            String laptop = "token " + server.createToken(grace, "{\"name\":\"laptop\",\"scopes\":[\"repo\"]}").get("token").asText();
            JsonNode ci = server.createToken(grace, "{\"name\":\"ci\",\"scopes\":[\"repo\"]}");
            String adminsOwn = "token " + server.createToken(admin.substring(6), "{\"name\":\"mine\",\"scopes\":[\"repo\"]}")
                    .get("token").asText();

            Response byGrace = server.send("POST", "/api/v1/admin/users/grace/tokens/suspend", "token " + grace, null);
            Response suspended = server.send("POST", "/api/v1/admin/users/grace/tokens/suspend", admin, null);
            Response refused = server.get("/api/v1/user", laptop);
            Response graceResumes = server.send("POST", "/api/v1/user/tokens/" + ci.get("id").asLong() + "/resume",
                    "token " + grace, null);
            Response unknown = server.send("POST", "/api/v1/admin/users/nobody/tokens/suspend", admin, null);

            assertThat(byGrace.status()).isEqualTo(403);
            assertThat(suspended.status()).isEqualTo(200);
            assertThat(suspended.json().get("count").asInt()).isEqualTo(2);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("message").asText()).contains("suspended on").contains("by admin;")
                    .contains("an administrator must resume it (latchkey admin user resume-tokens grace)");
            assertThat(server.get("/api/v1/user", adminsOwn).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/user", "token " + grace).status()).as("her session still works").isEqualTo(200);
            assertThat(graceResumes.status()).isEqualTo(403);
            assertThat(graceResumes.json().get("error").asText()).isEqualTo("suspended_by_admin");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(server.get("/api/v1/user/audit-log", "token " + grace).body())
                    .contains("user.tokens_suspended", "token.suspended", "\"by_admin\":\"true\"");
            assertThat(server.get("/api/v1/user/audit-log", admin).body()).contains("user.tokens_suspended");

            Response resumed = server.send("POST", "/api/v1/admin/users/grace/tokens/resume", admin, null);
            assertThat(resumed.json().get("count").asInt()).isEqualTo(2);
            assertThat(server.get("/api/v1/user", laptop).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/user", "token " + ci.get("token").asText()).status()).isEqualTo(200);
        }
    }
}
