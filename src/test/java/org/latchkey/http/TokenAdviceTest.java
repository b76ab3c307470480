package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** {@code GET /api/v1/user/tokens/{id}/advice} over the API: the window, denials, classic-only routes, errors. */
class TokenAdviceTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_token_never_used_in_the_window_is_to_be_revoked(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode token = server.createToken(session, "{\"name\":\"idle\",\"scopes\":[\"repo\",\"workflow\"]}");

            JsonNode advice = advice(server, session, token.get("id").asLong(), "");

            assertThat(advice.get("token_id").asLong()).isEqualTo(token.get("id").asLong());
            assertThat(advice.get("window_days").asInt()).isEqualTo(30);
            assertThat(advice.get("total_uses").asLong()).isZero();
            assertThat(advice.get("first_used_at").isNull()).isTrue();
            assertThat(advice.get("last_used_at").isNull()).isTrue();
            assertThat(advice.get("used")).isEmpty();
            assertThat(advice.get("needed_scopes")).isEmpty();
            assertThat(advice.get("unused_scopes")).extracting(JsonNode::asText).containsExactly("repo", "workflow");
            assertThat(advice.get("repositories")).isEmpty();
            JsonNode suggestion = advice.get("suggestion");
            assertThat(suggestion.get("kind").asText()).isEqualTo("revoke");
            assertThat(suggestion.get("reason").asText()).startsWith("Not used in the last 30 days");
            assertThat(suggestion.get("command").asText()).isEqualTo("latchkey token revoke " + token.get("id").asLong());
            assertThat(suggestion.get("request").isNull()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void days_limits_the_window_and_must_be_from_1_to_365(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode token = server.createToken(session,
                    "{\"name\":\"auditor\",\"scopes\":[\"read:audit_log\"],\"expires_in_days\":90}");
            String auth = "token " + token.get("token").asText();
            expect(200, server.get("/api/v1/user/audit-log", auth));
            server.latchkey().flushUsage();
            server.clock().advance(Duration.ofDays(40));
            session = server.signInAdmin();
            long id = token.get("id").asLong();

            JsonNode recent = advice(server, session, id, "");
            JsonNode longer = advice(server, session, id, "?days=60");

            assertThat(recent.get("total_uses").asLong()).isZero();
            assertThat(recent.get("suggestion").get("kind").asText()).isEqualTo("revoke");
            assertThat(longer.get("window_days").asInt()).isEqualTo(60);
            assertThat(longer.get("total_uses").asLong()).isEqualTo(1);
            assertThat(longer.get("used").get(0).get("route").asText()).isEqualTo("GET /api/v1/user/audit-log");
            assertThat(longer.get("needed_scopes")).extracting(JsonNode::asText).containsExactly("read:audit_log");
            for (String days : new String[] {"0", "366", "-1", "thirty", "1.5", ""}) {
                Response refused = server.get("/api/v1/user/tokens/" + id + "/advice?days=" + days, "token " + session);
                assertThat(refused.status()).as(days).isEqualTo(422);
                assertThat(refused.json().get("field").asText()).isEqualTo("days");
            }
            assertThat(advice(server, session, id, "?days=365").get("total_uses").asLong()).isEqualTo(1);
            assertThat(advice(server, session, id, "?days=1").get("total_uses").asLong()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void denied_uses_are_not_needs(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            repository(server, session, "secret", true);
            JsonNode token = server.createToken(session, "{\"name\":\"narrow\",\"scopes\":[\"workflow\"]}");
            String auth = "token " + token.get("token").asText();
            expect(200, server.get("/api/v1/user", auth));
            expect(403, server.get("/api/v1/user/audit-log", auth));
            expect(403, server.get("/api/v1/repos/admin/secret", auth));
            expect(403, server.send("DELETE", "/api/v1/repos/admin/secret", auth, null));
            expect(403, server.send("POST", "/api/v1/orgs", auth, "{\"login\":\"acme\"}"));
            server.latchkey().flushUsage();

            JsonNode advice = advice(server, session, token.get("id").asLong(), "");

            assertThat(advice.get("total_uses").asLong()).isEqualTo(1);
            assertThat(advice.get("used")).hasSize(1);
            assertThat(advice.get("used").get(0).get("route").asText()).isEqualTo("GET /api/v1/user");
            assertThat(advice.get("used").get(0).get("action").isNull()).isTrue();
            assertThat(advice.get("used").get(0).get("target").isNull()).isTrue();
            assertThat(advice.get("needed_scopes")).isEmpty();
            assertThat(advice.get("unused_scopes")).extracting(JsonNode::asText).containsExactly("workflow");
            assertThat(advice.get("repositories")).isEmpty();
            JsonNode suggestion = advice.get("suggestion");
            assertThat(suggestion.get("kind").asText()).isEqualTo("narrow");
            assertThat(suggestion.get("request").get("resources").toString())
                    .isEqualTo("[{\"owner\":\"admin\",\"repositories\":\"public\"}]");
            assertThat(suggestion.get("request").get("permissions").toString()).isEqualTo("{}");
            String narrowed = expect(201, server.send("POST", "/api/v1/user/tokens", "token " + session,
                    suggestion.get("request").toString())).json().get("token").asText();
            expect(200, server.get("/api/v1/user", "token " + narrowed));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_route_only_classic_tokens_may_call_keeps_its_scope_and_the_rest_is_dropped(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            repository(server, session, "api", true);
            JsonNode token = server.createToken(session, "{\"name\":\"report\",\"scopes\":"
                    + "[\"repo\",\"workflow\",\"delete_repo\",\"read:audit_log\"]}");
            String auth = "token " + token.get("token").asText();
            expect(200, server.get("/api/v1/user/audit-log", auth));
            expect(200, server.get("/api/v1/repos/admin/api", auth));
            server.latchkey().flushUsage();

            JsonNode advice = advice(server, session, token.get("id").asLong(), "");

            assertThat(advice.get("needed_scopes")).extracting(JsonNode::asText).containsExactly("repo", "read:audit_log");
            assertThat(advice.get("unused_scopes")).extracting(JsonNode::asText).containsExactly("workflow", "delete_repo");
            assertThat(advice.get("repositories").toString()).isEqualTo("[{\"owner\":\"admin\",\"repositories\":[\"api\"]}]");
            JsonNode suggestion = advice.get("suggestion");
            assertThat(suggestion.get("kind").asText()).isEqualTo("narrow");
            assertThat(suggestion.get("reason").asText())
                    .startsWith("Fine-grained tokens cannot call GET /api/v1/user/audit-log, so a classic token with"
                            + " repo, read:audit_log is still needed");
            assertThat(suggestion.get("command").asText()).isEqualTo("latchkey token create --name \"report (narrowed)\""
                    + " --scopes repo,read:audit_log --expires 30d");
            assertThat(suggestion.get("request").toString()).isEqualTo("{\"name\":\"report (narrowed)\","
                    + "\"scopes\":[\"repo\",\"read:audit_log\"],\"expires_in_days\":30}");
            JsonNode created = expect(201, server.send("POST", "/api/v1/user/tokens", "token " + session,
                    suggestion.get("request").toString())).json();
            assertThat(created.get("scopes")).extracting(JsonNode::asText).containsExactly("repo", "read:audit_log");

            String narrowed = "token " + created.get("token").asText();
            expect(200, server.get("/api/v1/user/audit-log", narrowed));
            expect(200, server.get("/api/v1/repos/admin/api", narrowed));
            server.latchkey().flushUsage();
            JsonNode again = advice(server, session, created.get("id").asLong(), "");
            assertThat(again.get("suggestion").get("kind").asText()).isEqualTo("keep");
            assertThat(again.get("suggestion").get("command").isNull()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_hundred_identical_requests_count_as_a_hundred_uses(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode token = server.createToken(session, "{\"name\":\"busy\",\"scopes\":[]}");
            String auth = "token " + token.get("token").asText();
            for (int i = 0; i < 100; i++) {
                expect(200, server.get("/api/v1/user", auth));
            }
            server.latchkey().flushUsage();

            JsonNode advice = advice(server, session, token.get("id").asLong(), "");

            assertThat(advice.get("total_uses").asLong()).isEqualTo(100);
            assertThat(advice.get("used")).hasSize(1);
            assertThat(advice.get("used").get(0).get("count").asLong()).isEqualTo(100);
            assertThat(advice.get("first_used_at").isNull()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void organisation_work_suggests_the_organisation_alone_within_its_policy(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            expect(201, server.send("POST", "/api/v1/admin/users", "token " + admin,
                    "{\"username\":\"bob\",\"password\":\"bob has a long password\"}"));
            expect(201, server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}"));
            expect(200, server.send("PUT", "/api/v1/orgs/acme/members/bob", "token " + admin, null));
            expect(200, server.send("PUT", "/api/v1/orgs/acme/token-policy", "token " + admin,
                    "{\"forbid_classic\":false,\"require_approval\":true,\"max_lifetime_days\":7}"));
            String bob = server.signIn("bob", "bob has a long password");
            JsonNode token = server.createToken(bob,
                    "{\"name\":\"org bot\",\"scopes\":[\"repo\",\"read:org\",\"workflow\"],\"expires_in_days\":7}");
            String auth = "token " + token.get("token").asText();
            expect(200, server.get("/api/v1/orgs/acme/members", auth));
            expect(201, server.send("POST", "/api/v1/orgs/acme/repos", auth, "{\"name\":\"made\"}"));
            server.latchkey().flushUsage();

            JsonNode advice = advice(server, bob, token.get("id").asLong(), "");

            assertThat(advice.get("needed_scopes")).extracting(JsonNode::asText).containsExactly("repo", "read:org");
            assertThat(advice.get("unused_scopes")).extracting(JsonNode::asText).containsExactly("workflow");
            assertThat(advice.get("repositories").toString()).isEqualTo("[{\"owner\":\"acme\",\"repositories\":[]}]");
            JsonNode suggestion = advice.get("suggestion");
            assertThat(suggestion.get("reason").asText()).contains("An owner of acme must approve the new token");
            assertThat(suggestion.get("request").toString()).isEqualTo("{\"name\":\"org bot (narrowed)\","
                    + "\"type\":\"fine_grained\",\"resources\":[{\"owner\":\"acme\",\"repositories\":\"public\"}],"
                    + "\"permissions\":{\"administration\":\"write\",\"members\":\"read\"},\"expires_in_days\":7}");
            assertThat(suggestion.get("command").asText()).isEqualTo("latchkey token create --name \"org bot (narrowed)\""
                    + " --type fine-grained --resource acme:public --permission administration=write"
                    + " --permission members=read --expires 7d");
            expect(201, server.send("POST", "/api/v1/user/tokens", "token " + bob, suggestion.get("request").toString()));
        }
    }

    @Test
    void advice_needs_a_session_and_ones_own_token() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String admin = server.signInAdmin();
            expect(201, server.send("POST", "/api/v1/admin/users", "token " + admin,
                    "{\"username\":\"bob\",\"password\":\"bob has a long password\"}"));
            String bob = server.signIn("bob", "bob has a long password");
            JsonNode token = server.createToken(admin, "{\"name\":\"mine\",\"scopes\":[\"repo\"]}");
            long id = token.get("id").asLong();

            Response withToken = server.get("/api/v1/user/tokens/" + id + "/advice", "token " + token.get("token").asText());
            Response otherUser = server.get("/api/v1/user/tokens/" + id + "/advice", "token " + bob);
            Response unknown = server.get("/api/v1/user/tokens/999999/advice", "token " + admin);

            assertThat(withToken.status()).isEqualTo(403);
            assertThat(withToken.json().get("error").asText()).isEqualTo("session_required");
            assertThat(otherUser.status()).isEqualTo(404);
            assertThat(unknown.status()).isEqualTo(404);
        }
    }

    @Test
    void the_check_endpoint_and_sessions_record_no_use() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            repository(server, session, "api", true);
            JsonNode token = server.createToken(session, "{\"name\":\"asker\",\"scopes\":[\"repo\"]}");
            long id = token.get("id").asLong();
            expect(200, server.get("/api/v1/user/tokens/" + id + "/check?action=push&repo=admin/api", "token " + session));
            expect(200, server.get("/api/v1/repos/admin/api", "token " + session));
            server.latchkey().flushUsage();

            assertThat(advice(server, session, id, "").get("total_uses").asLong()).isZero();

            expect(200, server.get("/api/v1/tokens/self/check?action=push&repo=admin/api", "token " + token.get("token").asText()));
            server.latchkey().flushUsage();
            JsonNode advice = advice(server, session, id, "");
            assertThat(advice.get("used")).hasSize(1);
            assertThat(advice.get("used").get(0).get("route").asText()).isEqualTo("GET /api/v1/tokens/self/check");
            assertThat(advice.get("needed_scopes")).isEmpty();
        }
    }

    private static void repository(TestServer server, String session, String name, boolean isPrivate) {
        expect(201, server.send("POST", "/api/v1/user/repos", "token " + session,
                "{\"name\":\"" + name + "\",\"private\":" + isPrivate + "}"));
    }

    private static JsonNode advice(TestServer server, String session, long id, String query) {
        return expect(200, server.get("/api/v1/user/tokens/" + id + "/advice" + query, "token " + session)).json();
    }

    private static Response expect(int status, Response response) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + ", got " + response.status() + ": " + response.body());
        }
        return response;
    }
}
