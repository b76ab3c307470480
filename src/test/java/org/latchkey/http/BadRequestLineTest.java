package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.http.Refusals.assertErrorBody;
import static org.latchkey.http.Refusals.assertRefused;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.latchkey.ApiClient;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.http.Refusals.Snapshot;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Requests that go wrong before any body is read: wrong methods, unknown paths, ids and query
 * parameters that name nothing, URIs that cannot be decoded, headers over the size limit. Each
 * gets a JSON 4xx and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestLineTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    private TestServer server;
    private String session;
    private long tokenId;

    @BeforeAll
    void start() {
        server = TestServer.start(Engine.H2);
        session = server.signInAdmin();
        tokenId = server.createToken(session, "{\"name\":\"existing\",\"scopes\":[\"repo\"]}").get("id").asLong();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "PUT, /api/v1/user/tokens", "DELETE, /api/v1/user/tokens", "PUT, /api/v1/user/tokens/{id}",
        "POST, /api/v1/user/tokens/{id}", "GET, /api/v1/user/tokens/{id}/revoke", "PUT, /api/v1/user/tokens/{id}/regenerate",
        "GET, /api/v1/session", "PUT, /api/v1/session", "POST, /api/v1/user", "DELETE, /api/v1/user",
        "PATCH, /api/v1/user/audit-log", "GET, /api/v1/tokens/self/rotate", "DELETE, /api/v1/tokens/self/rotate",
        "PATCH, /api/v1/admin/users", "DELETE, /api/v1/admin/users", "POST, /health", "OPTIONS, /api/v1/user/tokens",
        "TRACE, /api/v1/user/tokens", "BREW, /api/v1/user/tokens"})
    void a_method_a_path_does_not_have_is_refused_with_json(String method, String path) {
        Snapshot before = Snapshot.of(server, session);

        Response response = server.send(method, path.replace("{id}", Long.toString(tokenId)), "token " + session,
                "{\"name\":\"sneaky\",\"scopes\":[]}");

        assertThat(response.status()).as(response.body()).isIn(404, 405);
        assertErrorBody(response);
        assertThat(Snapshot.of(server, session)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/index.html", "/api", "/api/v1", "/api/v2/user", "/api/v1/users", "/api/v1/user/tokens/1/unknown",
        "/api/v1/user/tokens/1/revoke/again", "/docs/api/more", "/api/v1/user/tokens/1/../../../../etc/passwd",
        "/api/v1/user/tokens/%2F", "/%7e"})
    void an_unknown_path_answers_404_with_json(String path) {
        Response signedIn = server.client().sendRaw(ApiClient.head("GET " + path + " HTTP/1.1",
                "Authorization: token " + session), null);
        Response anonymous = server.client().sendRaw(ApiClient.head("GET " + path + " HTTP/1.1"), null);

        assertRefused(signedIn, 404);
        assertThat(anonymous.status()).as(anonymous.body()).isIn(401, 404);
        assertErrorBody(anonymous);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("idRoutesAndBadIds")
    void an_id_that_names_no_token_of_the_caller_answers_404(String method, String route, String id) {
        Snapshot before = Snapshot.of(server, session);
        String body = method.equals("PATCH") ? "{\"name\":\"renamed\"}" : null;

        Response response = server.send(method, route.replace("{id}", id), "token " + session, body);

        assertRefused(response, 404);
        assertThat(Snapshot.of(server, session)).isEqualTo(before);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> idRoutesAndBadIds() {
        String[][] routes = {{"GET", "/api/v1/user/tokens/{id}"}, {"PATCH", "/api/v1/user/tokens/{id}"},
            {"DELETE", "/api/v1/user/tokens/{id}"}, {"POST", "/api/v1/user/tokens/{id}/regenerate"},
            {"POST", "/api/v1/user/tokens/{id}/revoke"}};
        String[] ids = {"abc", "1.5", "1e3", "0x10", "-1", "0", "99999999999999999999", "9223372036854775807",
            "-9223372036854775808", "999999", "%20", "%E2%82%AC", "1"};
        return Stream.of(routes).flatMap(route -> Stream.of(ids)
                .map(id -> org.junit.jupiter.params.provider.Arguments.of(route[0], route[1], id)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"per_page=0", "per_page=101", "per_page=-1", "per_page=abc", "per_page=1e2", "per_page=",
        "per_page=99999999999", "per_page=%00", "before=abc", "before=1.5", "before=", "before=99999999999999999999"})
    void a_bad_audit_log_query_answers_422_naming_the_parameter(String query) {
        Response response = server.get("/api/v1/user/audit-log?" + query, "token " + session);

        assertRefused(response, 422, query.substring(0, query.indexOf('=')));
    }

    @Test
    void any_whole_number_is_a_valid_audit_log_cursor() {
        for (String before : new String[] {"3000000000", "-1", "0", "9223372036854775807"}) {
            Response response = server.get("/api/v1/user/audit-log?before=" + before, "token " + session);
            assertThat(response.status()).as(before + ": " + response.body()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "state={0}")
    @ValueSource(strings = {"bogus", "", "ACTIVE", "%00"})
    void a_bad_token_list_state_answers_422(String state) {
        assertRefused(server.get("/api/v1/user/tokens?state=" + state, "token " + session), 422, "state");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/user/tokens/%00", "/api/v1/user/tokens/%C0%AF", "/api/v1/user/tokens/%E2%82",
        "/api/v1/user/tokens/\u00e9", "/api/v1/user/tokens/a b", "/api/v1/user/tokens/%", "/api/v1/user/tokens/%ZZ",
        "/api/v1/user/tokens/1%00"})
    void a_request_target_that_cannot_be_decoded_answers_400_with_json(String target) {
        for (String method : new String[] {"GET", "PATCH", "DELETE"}) {
            Response response = server.client().sendRaw(ApiClient.head(method + " " + target + " HTTP/1.1",
                    "Authorization: token " + session), null);

            assertRefused(response, 400);
        }
    }

    @Test
    void headers_over_the_size_limit_answer_431_with_json() {
        Response response = server.client().sendRaw(ApiClient.head("POST /api/v1/user/tokens HTTP/1.1",
                "Authorization: token " + session, "X-Padding: " + "x".repeat(16 * 1024)), null);

        assertRefused(response, 431);
    }
}
