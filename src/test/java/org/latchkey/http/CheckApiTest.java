package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;
import org.junit.jupiter.api.Test;

/** "Why was I denied?": every reason at once, with its fix, for the calling token or any of one's tokens. */
class CheckApiTest {

    @Test
    void every_reason_is_listed_with_its_fix() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String admin = server.signInAdmin();
            AuthenticationTest.createUser(server, admin, "bob", "bobs long password");
            String bob = server.signIn("bob", "bobs long password");
            server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}");
            server.send("PUT", "/api/v1/orgs/acme/members/bob", "token " + admin, null);
            server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"api\"}");
            server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"web\"}");
            server.send("PUT", "/api/v1/orgs/acme/token-policy", "token " + admin,
                    "{\"forbid_classic\":true,\"require_approval\":true}");
            String fine = server.send("POST", "/api/v1/user/tokens", "token " + bob, "{\"name\":\"f\",\"type\":\"fine_grained\","
                    + "\"resources\":[{\"owner\":\"acme\",\"repositories\":[\"api\"]}],\"permissions\":{\"contents\":\"read\"},"
                    + "\"expires_in_days\":7}").json().get("token").asText();
            String classic = server.createToken(bob, "{\"name\":\"c\",\"scopes\":[\"read:user\"]}").get("token").asText();

            JsonNode fineCheck = server.get("/api/v1/tokens/self/check?action=push&repo=acme/web", "token " + fine).json();
            JsonNode classicCheck = server.get("/api/v1/tokens/self/check?action=push&repo=acme/api", "token " + classic).json();
            JsonNode allowed = server.get("/api/v1/tokens/self/check?action=pull&repo=acme/api", "token " + classic).json();

            assertThat(fineCheck.get("allowed").asBoolean()).isFalse();
            assertThat(fineCheck.get("reasons")).extracting(r -> r.get("code").asText())
                    .containsExactly("repository_not_selected", "approval_pending", "missing_permission");
            assertThat(fineCheck.get("reasons").get(2).get("fix").asText()).contains("contents=write");
            assertThat(classicCheck.get("reasons")).extracting(r -> r.get("code").asText())
                    .containsExactly("classic_tokens_forbidden", "missing_scope");
            assertThat(allowed.get("allowed").asBoolean()).isFalse();
        }
    }

    @Test
    void a_session_can_ask_about_any_of_its_tokens_even_expired_or_revoked_ones() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String admin = server.signInAdmin();
            server.send("POST", "/api/v1/user/repos", "token " + admin, "{\"name\":\"app\"}");
            JsonNode expiring = server.createToken(admin, "{\"name\":\"e\",\"scopes\":[\"repo\"],\"expires_in_days\":1}");
            JsonNode revoked = server.createToken(admin, "{\"name\":\"r\",\"scopes\":[\"repo\"]}");
            server.send("POST", "/api/v1/user/tokens/" + revoked.get("id").asLong() + "/revoke", "token " + admin, null);
            server.clock().advance(Duration.ofDays(2));
            String session = server.signInAdmin();

            JsonNode expired = server.get("/api/v1/user/tokens/" + expiring.get("id").asLong()
                    + "/check?action=push&repo=admin/app", "token " + session).json();
            JsonNode gone = server.get("/api/v1/user/tokens/" + revoked.get("id").asLong()
                    + "/check?action=pull&repo=admin/app", "token " + session).json();

            assertThat(expired.get("reasons").get(0).get("code").asText()).isEqualTo("token_expired");
            assertThat(gone.get("reasons").get(0).get("code").asText()).isEqualTo("token_revoked");
            assertThat(gone.get("token_name").asText()).isEqualTo("r");
        }
    }

    @Test
    void unknown_actions_targets_and_repositories_are_answered_clearly() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String admin = server.signInAdmin();
            String token = server.createToken(admin, "{\"name\":\"t\",\"scopes\":[\"repo\"]}").get("token").asText();

            Response badAction = server.get("/api/v1/tokens/self/check?action=fly&repo=admin/app", "token " + token);
            Response bothTargets = server.get("/api/v1/tokens/self/check?action=push&repo=admin/app&owner=admin", "token " + token);
            Response badRepo = server.get("/api/v1/tokens/self/check?action=push&repo=app", "token " + token);
            JsonNode missing = server.get("/api/v1/tokens/self/check?action=push&repo=admin/ghost", "token " + token).json();
            JsonNode create = server.get("/api/v1/tokens/self/check?action=create_repo&owner=admin", "token " + token).json();

            assertThat(badAction.status()).isEqualTo(422);
            assertThat(badAction.json().get("message").asText()).contains("pull, push");
            assertThat(bothTargets.status()).isEqualTo(422);
            assertThat(badRepo.status()).isEqualTo(422);
            assertThat(missing.get("reasons").get(0).get("code").asText()).isEqualTo("repository_not_found");
            assertThat(create.get("allowed").asBoolean()).isTrue();
        }
    }
}
