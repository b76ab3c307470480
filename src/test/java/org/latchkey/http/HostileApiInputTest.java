package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.http.Refusals.assertRefused;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.latchkey.ApiClient;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Requests the fuzz suite found answered with a 5xx or a hang, each now a 4xx JSON refusal; and
 * malformed requests counting towards the address lockout, as failed authentications do.
 */
class HostileApiInputTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    @Test
    void a_percent_sign_that_starts_no_escape_is_400_not_500() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            Response npm = server.client().sendRaw(ApiClient.head("GET /npm/@admin/tool/-/%u0041 HTTP/1.1"), null);
            assertThat(npm.status()).isEqualTo(400);
            assertThat(npm.json().path("code").asText()).isEqualTo("bad_request");
            assertRefused(server.client().sendRaw(ApiClient.head("GET /api/v1/user/tokens/%u0031 HTTP/1.1",
                    "Authorization: token " + session), null), 400);
            assertThat(logs.text()).doesNotContain("internal error");
        }
    }

    @Test
    void a_declared_length_past_2_GiB_is_413_at_once_not_a_wait_for_the_body() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            for (String path : new String[] {"/api/v1/user/tokens", "/npm/@admin%2ftool"}) {
                String method = path.startsWith("/npm/") ? "PUT" : "POST";
                Response answer = server.client().sendRaw(ApiClient.head(method + " " + path + " HTTP/1.1",
                        "Authorization: token " + session, "Content-Type: application/json", "Content-Length: 2147483648"), null);
                assertThat(answer.status()).as(answer.body()).isEqualTo(413);
                assertThat(answer.json().path("documentation_url").asText()).endsWith("#body_too_large");
            }
        }
    }

    @Test
    void a_request_line_jetty_takes_for_another_http_version_is_400_not_505() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            Response answer = server.client().sendRaw("POST /api/v1/user?x=\n\u75ac6 HTTP/1.1\r\n".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), null);

            assertThat(assertRefused(answer, 400).path("error").asText()).isEqualTo("bad_request");
        }
    }

    @Test
    void bodies_that_are_not_json_count_towards_the_address_lockout() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            for (int i = 0; i < 30; i++) {
                assertRefused(server.send("POST", "/api/v1/user/tokens", "token " + session, "{\"name\":"), 400);
            }

            Response after = server.get("/api/v1/user", "token " + session);

            assertThat(assertRefused(after, 429).path("error").asText()).isEqualTo("locked_out");
            server.clock().advance(Refusals.PAST_LOCKOUT_WINDOW.plusMinutes(15));
            assertThat(server.get("/api/v1/user", "token " + session).status()).isEqualTo(200);
        }
    }

    @Test
    void a_wrong_field_is_not_malformed_and_locks_nobody_out() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            for (int i = 0; i < 40; i++) {
                assertRefused(server.send("POST", "/api/v1/user/tokens", "token " + session,
                        "{\"name\":\"\",\"scopes\":[]}"), 422, "name");
            }

            assertThat(server.get("/api/v1/user", "token " + session).status()).isEqualTo(200);
        }
    }
}
