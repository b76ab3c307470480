package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** {@code GET /api/v1/user/tokens/{id}/usage}: the rows, their filters, paging, ownership and retention. */
class TokenUsageTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void lists_allowed_and_denied_uses_newest_first_with_their_filters(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            expect(201, server.send("POST", "/api/v1/user/repos", "token " + session, "{\"name\":\"api\",\"private\":true}"));
            JsonNode token = server.createToken(session, "{\"name\":\"watched\",\"scopes\":[\"repo\"]}");
            long id = token.get("id").asLong();
            String auth = "token " + token.get("token").asText();
            expect(200, server.get("/api/v1/user", auth));
            server.latchkey().flushUsage();
            Instant between = server.clock().instant().plusSeconds(30);
            server.clock().advance(Duration.ofMinutes(1));
            expect(403, server.get("/api/v1/user/audit-log", auth));
            expect(200, server.get("/api/v1/repos/admin/api", auth));
            server.latchkey().flushUsage();

            JsonNode all = usage(server, session, id, "");

            assertThat(all).hasSize(3);
            assertThat(ids(all)).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            JsonNode oldest = all.get(2);
            assertThat(oldest.get("operation").asText()).isEqualTo("GET /api/v1/user");
            assertThat(oldest.get("kind").asText()).isEqualTo("api");
            assertThat(oldest.get("uses").asInt()).isEqualTo(1);
            assertThat(oldest.get("outcome").asText()).isEqualTo("allowed");
            assertThat(oldest.get("action").isNull()).isTrue();
            assertThat(oldest.get("repository").isNull()).isTrue();
            assertThat(oldest.get("ip").asText()).isNotEmpty();
            assertThat(oldest.has("user_agent")).isTrue();
            assertThat(oldest.get("at").asText()).isNotEmpty();

            JsonNode denied = usage(server, session, id, "?outcome=denied");
            assertThat(denied).hasSize(1);
            assertThat(denied.get(0).get("operation").asText()).isEqualTo("GET /api/v1/user/audit-log");
            assertThat(denied.get(0).get("outcome").asText()).isEqualTo("denied");
            assertThat(usage(server, session, id, "?outcome=allowed")).hasSize(2);

            JsonNode repository = usage(server, session, id, "?repository=admin/api");
            assertThat(repository).hasSize(1);
            assertThat(repository.get(0).get("operation").asText()).isEqualTo("GET /api/v1/repos/{owner}/{name}");
            assertThat(repository.get(0).get("kind").asText()).isEqualTo("api");
            assertThat(repository.get(0).get("outcome").asText()).isEqualTo("allowed");
            assertThat(repository.get(0).get("uses").asInt()).isEqualTo(1);
            assertThat(repository.get(0).get("ip").asText()).isNotEmpty();
            assertThat(repository.get(0).get("action").asText()).isEqualTo("read_metadata");
            assertThat(repository.get(0).get("repository").asText()).isEqualTo("admin/api");
            assertThat(usage(server, session, id, "?repository=admin/web")).isEmpty();

            assertThat(usage(server, session, id, "?kind=api")).hasSize(3);
            assertThat(usage(server, session, id, "?kind=git")).isEmpty();
            assertThat(usage(server, session, id, "?until=" + between)).hasSize(1);
            assertThat(usage(server, session, id, "?since=" + between)).hasSize(2);
            assertThat(usage(server, session, id, "?since=" + between + "&outcome=allowed&kind=api")).hasSize(1);
        }
    }

    @Test
    void a_token_is_used_as_many_times_as_it_made_api_requests_on_repositories_or_not() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            expect(201, server.send("POST", "/api/v1/user/repos", "token " + session, "{\"name\":\"api\",\"private\":true}"));
            JsonNode token = server.createToken(session, "{\"name\":\"counted\",\"scopes\":[\"repo\"]}");
            String auth = "token " + token.get("token").asText();
            expect(200, server.get("/api/v1/user", auth));
            expect(200, server.get("/api/v1/repos/admin/api", auth));
            expect(200, server.get("/api/v1/repos/admin/api", auth));
            expect(201, server.send("POST", "/api/v1/user/repos", auth, "{\"name\":\"web\",\"private\":false}"));
            expect(403, server.get("/api/v1/user/audit-log", auth));
            server.latchkey().flushUsage();
            String path = "/api/v1/user/tokens/" + token.get("id").asLong();

            JsonNode advice = expect(200, server.get(path + "/advice", "token " + session)).json();
            long recorded = 0;
            for (JsonNode use : usage(server, session, token.get("id").asLong(), "?per_page=100")) {
                recorded += use.get("uses").asLong();
            }

            assertThat(advice.get("total_uses").asLong()).isEqualTo(4);
            assertThat(recorded).isEqualTo(5);
        }
    }

    @Test
    void a_request_refused_on_its_repository_is_one_denied_use_of_its_route() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            expect(201, server.send("POST", "/api/v1/user/repos", "token " + session, "{\"name\":\"api\",\"private\":true}"));
            JsonNode token = server.createToken(session, "{\"name\":\"reader\",\"scopes\":[\"repo\"]}");
            expect(403, server.send("DELETE", "/api/v1/repos/admin/api", "token " + token.get("token").asText(), null));
            server.latchkey().flushUsage();

            JsonNode uses = usage(server, session, token.get("id").asLong(), "");

            assertThat(uses).hasSize(1);
            assertThat(uses.get(0).get("operation").asText()).isEqualTo("DELETE /api/v1/repos/{owner}/{name}");
            assertThat(uses.get(0).get("outcome").asText()).isEqualTo("denied");
            assertThat(uses.get(0).get("action").isNull()).isTrue();
            assertThat(uses.get(0).get("repository").isNull()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void pages_follow_the_link_header_and_keep_the_filters(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode token = server.createToken(session, "{\"name\":\"busy\",\"scopes\":[]}");
            long id = token.get("id").asLong();
            String auth = "token " + token.get("token").asText();
            for (int i = 0; i < 5; i++) {
                expect(200, server.get("/api/v1/user", auth));
                expect(403, server.get("/api/v1/user/audit-log", auth));
                server.latchkey().flushUsage();
                server.clock().advance(Duration.ofSeconds(10));
            }

            List<Long> seen = new ArrayList<>();
            String next = "/api/v1/user/tokens/" + id + "/usage?per_page=2&outcome=allowed";
            int pages = 0;
            while (next != null) {
                Response page = expect(200, server.get(next, "token " + session));
                page.json().forEach(use -> {
                    assertThat(use.get("outcome").asText()).isEqualTo("allowed");
                    seen.add(use.get("id").asLong());
                });
                pages++;
                String link = page.header("Link");
                if (link == null) {
                    next = null;
                } else {
                    assertThat(link).endsWith(">; rel=\"next\"").contains("outcome=allowed").contains("per_page=2");
                    next = link.substring(link.indexOf("/api/"), link.indexOf('>'));
                }
            }

            assertThat(seen).hasSize(5).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
            assertThat(pages).isEqualTo(3);
            assertThat(usage(server, session, id, "")).hasSize(10);
            assertThat(usage(server, session, id, "?per_page=100")).hasSize(10);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void uses_older_than_the_retention_window_are_pruned(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, settings -> settings.withUsageRetentionDays(10))) {
            String session = server.signInAdmin();
            JsonNode token = server.createToken(session, "{\"name\":\"old\",\"scopes\":[],\"expires\":\"never\"}");
            long id = token.get("id").asLong();
            String auth = "token " + token.get("token").asText();
            expect(200, server.get("/api/v1/user", auth));
            server.latchkey().flushUsage();
            server.clock().advance(Duration.ofDays(6));
            expect(403, server.get("/api/v1/user/audit-log", auth));
            server.latchkey().flushUsage();

            server.clock().advance(Duration.ofDays(3));
            assertThat(server.latchkey().pruneUsage()).isZero();
            server.clock().advance(Duration.ofDays(2));
            assertThat(server.latchkey().pruneUsage()).isEqualTo(1);
            session = server.signInAdmin();

            JsonNode left = usage(server, session, id, "");
            assertThat(left).hasSize(1);
            assertThat(left.get(0).get("operation").asText()).isEqualTo("GET /api/v1/user/audit-log");
            server.clock().advance(Duration.ofDays(6));
            assertThat(server.latchkey().pruneUsage()).isEqualTo(1);
            assertThat(usage(server, server.signInAdmin(), id, "")).isEmpty();
        }
    }

    @Test
    void bad_filters_are_refused_naming_the_field_and_only_ones_own_tokens_are_shown() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String admin = server.signInAdmin();
            expect(201, server.send("POST", "/api/v1/admin/users", "token " + admin,
                    "{\"username\":\"bob\",\"password\":\"bob has a long password\"}"));
            String bob = server.signIn("bob", "bob has a long password");
            JsonNode token = server.createToken(admin, "{\"name\":\"mine\",\"scopes\":[]}");
            long id = token.get("id").asLong();
            String path = "/api/v1/user/tokens/" + id + "/usage";

            String[][] refused = {{"per_page", "0"}, {"per_page", "101"}, {"per_page", "x"}, {"before", "x"},
                {"outcome", "maybe"}, {"since", "yesterday"}, {"until", "2026-11-25"}, {"kind", "ssh"},
                {"repository", "api"}, {"repository", "a/b/c"}, {"repository", "/api"}};
            for (String[] bad : refused) {
                Response response = server.get(path + "?" + bad[0] + "=" + bad[1], "token " + admin);
                assertThat(response.status()).as(bad[0] + "=" + bad[1]).isEqualTo(422);
                assertThat(response.json().get("field").asText()).isEqualTo(bad[0]);
            }
            Response withToken = server.get(path, "token " + token.get("token").asText());
            assertThat(withToken.status()).isEqualTo(403);
            assertThat(withToken.json().get("error").asText()).isEqualTo("session_required");
            assertThat(server.get(path, "token " + bob).status()).isEqualTo(404);
            assertThat(server.get("/api/v1/user/tokens/999999/usage", "token " + admin).status()).isEqualTo(404);
            assertThat(expect(200, server.get(path, "token " + admin)).json()).isEmpty();
        }
    }

    private static List<Long> ids(JsonNode uses) {
        List<Long> ids = new ArrayList<>();
        uses.forEach(use -> ids.add(use.get("id").asLong()));
        return ids;
    }

    private static JsonNode usage(TestServer server, String session, long id, String query) {
        return expect(200, server.get("/api/v1/user/tokens/" + id + "/usage" + query, "token " + session)).json();
    }

    private static Response expect(int status, Response response) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + ", got " + response.status() + ": " + response.body());
        }
        return response;
    }
}
