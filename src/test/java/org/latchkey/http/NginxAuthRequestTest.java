package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Another service behind a real nginx, protected by {@code auth_request} against Latchkey's
 * {@code /api/v1/auth/check} with the README's configuration: exactly the tokens with the scope it
 * requires get the page, with their user's login passed on; nginx shows the rest 401 (with
 * Latchkey's challenge) or 403, never its own 500. Driven with curl, as a person would.
 */
class NginxAuthRequestTest {

    /** What curl got through nginx: the status, the headers (lower-case names) and the body. */
    record Fetched(int status, String headers, String body) {
        String header(String name) {
            for (String line : headers.split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    @Test
    void exactly_the_tokens_with_the_required_scope_get_the_page() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withTrustedProxies(List.of("127.0.0.1")));
             Nginx nginx = Nginx.start(server.latchkey().port(), "repo")) {
            String session = server.signInAdmin();
            String repo = server.createToken(session, "{\"name\":\"site\",\"scopes\":[\"repo\"]}").get("token").asText();
            String publicRepo = server.createToken(session, "{\"name\":\"pub\",\"scopes\":[\"public_repo\"]}").get("token").asText();
            JsonNode revoked = server.createToken(session, "{\"name\":\"gone\",\"scopes\":[\"repo\"]}");
            server.send("POST", "/api/v1/user/tokens/" + revoked.get("id").asText() + "/revoke", "token " + session, null);
            String writer = AuthCheckTest.fineGrained(server, session, "{\"contents\":\"write\"}");
            String reader = AuthCheckTest.fineGrained(server, session, "{\"contents\":\"read\"}");
            String page = nginx.url("/private/index.html");

            Fetched withScope = curl("-H", "Authorization: token " + repo, page);
            Fetched asGit = curl("-u", "x-access-token:" + repo, page);
            Fetched head = curl("-I", "-H", "Authorization: Bearer " + repo, page);
            Fetched withoutScope = curl("-H", "Authorization: token " + publicRepo, page);
            Fetched loosened = curl("-H", "Authorization: token " + publicRepo, "-H", "X-Latchkey-Required-Scope: public_repo", page);
            Fetched ownPermission = curl("-H", "Authorization: token " + repo, "-H", "X-Latchkey-Required-Permission: packages:admin",
                    "-H", "X-Original-URI: /elsewhere", page);
            Fetched none = curl(page);
            Fetched bad = curl("-H", "Authorization: token lkp_nonsense", page);
            Fetched dead = curl("-H", "Authorization: token " + revoked.get("token").asText(), page);
            Fetched fineWriter = curl("-H", "Authorization: token " + writer, page);
            Fetched fineReader = curl("-H", "Authorization: token " + reader, page);
            Fetched checkDirectly = curl("-H", "Authorization: token " + repo, nginx.url("/latchkey-check"));

            assertThat(withScope.status()).as(nginx.errorLog()).isEqualTo(200);
            assertThat(withScope.body()).isEqualTo(Nginx.PAGE);
            assertThat(withScope.header("X-User")).isEqualTo("admin");
            assertThat(asGit.status()).isEqualTo(200);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("X-User")).isEqualTo("admin");
            assertThat(withoutScope.status()).isEqualTo(403);
            assertThat(loosened.status()).as("a client's own requirement header is replaced by nginx's").isEqualTo(403);
            assertThat(ownPermission.status()).as("nginx sends its own (empty) requirement, never the client's").isEqualTo(200);
            for (Fetched refused : List.of(none, bad, dead)) {
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Latchkey\"");
                assertThat(refused.body()).doesNotContain(Nginx.PAGE.strip());
            }
            assertThat(fineWriter.status()).isEqualTo(200);
            assertThat(fineReader.status()).isEqualTo(403);
            assertThat(checkDirectly.status()).isEqualTo(404);
        }
    }

    @Test
    void a_rate_limited_token_is_refused_403_with_retry_after_and_never_a_500() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withRateLimitPerHour(1));
             Nginx nginx = Nginx.start(server.latchkey().port(), "repo")) {
            String repo = server.createToken(server.signInAdmin(), "{\"name\":\"site\",\"scopes\":[\"repo\"]}").get("token").asText();
            String page = nginx.url("/private/index.html");

            Fetched first = curl("-H", "Authorization: token " + repo, page);
            Fetched second = curl("-H", "Authorization: token " + repo, page);

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(403);
            assertThat(second.header("Retry-After")).isNotBlank();
        }
    }

    @Test
    void the_usage_log_names_the_page_without_the_query_that_held_a_token() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2);
             Nginx nginx = Nginx.start(server.latchkey().port(), "repo")) {
            String session = server.signInAdmin();
            JsonNode token = server.createToken(session, "{\"name\":\"site\",\"scopes\":[\"repo\"]}");
            String other = server.createToken(session, "{\"name\":\"other\",\"scopes\":[\"repo\"]}").get("token").asText();

            Fetched fetched = curl("-H", "Authorization: token " + token.get("token").asText(),
                    nginx.url("/private/index.html?token=" + other));
            server.latchkey().flushUsage();
            JsonNode uses = server.get("/api/v1/user/tokens/" + token.get("id").asText() + "/usage", "token " + session).json();

            assertThat(fetched.status()).isEqualTo(200);
            assertThat(uses).hasSize(1);
            assertThat(uses.get(0).get("operation").asText()).isEqualTo("auth check GET /private/index.html");
            assertThat(uses.toString()).doesNotContain(other);
        }
    }

    private static Fetched curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-D", "-", "--max-time", "10"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
        int split = output.indexOf("\r\n\r\n");
        String headers = split < 0 ? output : output.substring(0, split);
        String body = split < 0 ? "" : output.substring(split + 4);
        String statusLine = headers.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ");
        assertThat(parts.length).as(output).isGreaterThan(1);
        return new Fetched(Integer.parseInt(parts[1]), headers, body);
    }
}
