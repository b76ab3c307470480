package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.TwoFactorFixture;
import org.latchkey.store.TestDatabases;

/**
 * Every answer carries {@code X-Content-Type-Options: nosniff}, and every answer holding a secret
 * (a session, a token, a two-factor secret, recovery codes, a hook secret) {@code Cache-Control:
 * no-store}, whichever route writes it, errors included.
 */
class ResponseHeadersTest {

    private final TestServer server = TestServer.start(TestDatabases.Engine.H2);
    private final String admin = server.signInAdmin();

    @AfterEach
    void close() throws Exception {
        server.close();
    }

    @Test
    void everyAnswerHoldingASecretIsNeverStored() {
        List<Response> secrets = new ArrayList<>();
        secrets.add(server.send("POST", "/api/v1/session", null,
                "{\"username\":\"admin\",\"password\":\"" + server.adminPassword() + "\"}"));
        Response created = server.send("POST", "/api/v1/user/tokens", "token " + admin,
                "{\"name\":\"ci\",\"scopes\":[\"repo\",\"self_rotate\"]}");
        secrets.add(created);
        long id = created.json().get("id").asLong();
        String token = created.json().get("token").asText();
        Response regenerated = server.send("POST", "/api/v1/user/tokens/" + id + "/regenerate", "token " + admin, null);
        secrets.add(regenerated);
        secrets.add(server.send("POST", "/api/v1/tokens/self/rotate", "token " + regenerated.json().get("token").asText(),
                null));
        secrets.add(server.send("POST", "/api/v1/user/hooks", "token " + admin,
                "{\"url\":\"http://127.0.0.1:9/in\",\"events\":[\"token.expiring\"]}"));
        secrets.add(server.send("POST", "/api/v1/user/two-factor", "token " + admin, null));
        TwoFactorFixture.Enrolled enrolled = TwoFactorFixture.enrol(server, server.signIn("admin", server.adminPassword()));
        secrets.add(server.send("POST", "/api/v1/user/two-factor/recovery-codes", "token " + enrolled.session(),
                "{\"password\":\"" + server.adminPassword() + "\"}"));

        assertThat(token).isNotBlank();
        for (Response answer : secrets) {
            assertThat(answer.status()).as(answer.body()).isBetween(200, 201);
            assertThat(answer.header("Cache-Control")).as(answer.body()).isEqualTo("no-store");
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }

    @Test
    void everyAnswerIsNosniffWhicheverPartOfTheServerWritesIt() {
        List<Response> answers = List.of(
                server.get("/health", null),
                server.get("/api/v1/user", null),
                server.get("/api/v1/no/such/route", "token " + admin),
                server.send("PATCH", "/health", null, "{}"),
                server.get("/admin/nothing.git/info/refs?service=git-upload-pack", null),
                server.get("/npm/no-such-package", null),
                server.get("/login", null),
                server.get("/static/web.css", null),
                server.get("/docs/api", null));
        for (Response answer : answers) {
            assertThat(answer.header("X-Content-Type-Options")).as(answer.status() + " " + answer.body())
                    .isEqualTo("nosniff");
        }
        assertThat(answers.get(7).header("Cache-Control")).isEqualTo("public, max-age=3600");
    }

    @Test
    void aMissingPageUnderThePagesRootsIsTheHtmlNotFoundPageWithThePagesHeaders() {
        for (String path : List.of("/settings/nope", "/settings/tokens/1/nope/deeper", "/orgs/acme/settings/nope",
                "/static/nope.js", "/login/nope", "/sudo/nope")) {
            Response answer = server.get(path, null);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.header("Content-Type")).as(path).startsWith("text/html");
            assertThat(answer.header("Content-Security-Policy")).as(path).contains("default-src 'none'");
            assertThat(answer.header("X-Frame-Options")).as(path).isEqualTo("DENY");
            assertThat(answer.body()).as(path).contains("Not found").doesNotContain("documentation_url");
        }
        Response api = server.get("/api/v1/nope", "token " + admin);
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.header("Content-Type")).startsWith("application/json");
        assertThat(server.get("/settingsnope", null).header("Content-Type")).startsWith("application/json");
    }
}
