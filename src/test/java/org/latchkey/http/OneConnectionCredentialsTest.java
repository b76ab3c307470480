package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Secrets are case-sensitive, also when a client (or a proxy pooling connections for many users)
 * sends them one after another on one kept-alive connection. Jetty remembers the header lines a
 * connection sent before and, by default, matches a new line against them ignoring case; a token
 * that differs from an earlier one only in the case of a letter was then read as that earlier token.
 */
class OneConnectionCredentialsTest {

    private TestServer server;
    private String secret;

    @BeforeEach
    void start() {
        server = TestServer.start(Engine.H2);
        secret = server.createToken(server.signInAdmin(), "{\"name\":\"ci\",\"scopes\":[\"repo\"]}").get("token").asText();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void a_token_differing_from_the_previous_one_only_in_letter_case_is_refused() throws IOException {
        try (KeptAliveConnection connection = new KeptAliveConnection(server.baseUrl())) {
            for (String changed : new String[] {lastLetterFlipped(secret), secret.toUpperCase(Locale.ROOT),
                    secret.toLowerCase(Locale.ROOT)}) {
                assertThat(connection.get("/api/v1/user", "token " + secret)).as("the real token").startsWith("HTTP/1.1 200");
                assertThat(connection.get("/api/v1/user", "token " + changed)).as("a case variant").startsWith("HTTP/1.1 401");
            }
        }
    }

    @Test
    void basic_credentials_as_git_sends_them_differing_only_in_letter_case_are_refused() throws IOException {
        String basic = Base64.getEncoder().encodeToString(("admin:" + secret).getBytes(StandardCharsets.UTF_8));
        try (KeptAliveConnection connection = new KeptAliveConnection(server.baseUrl())) {
            assertThat(connection.get("/api/v1/user", "Basic " + basic)).startsWith("HTTP/1.1 200");
            assertThat(connection.get("/api/v1/user", "Basic " + lastLetterFlipped(basic))).startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void a_session_cookie_differing_only_in_letter_case_signs_nobody_in() throws IOException {
        String session = server.signInAdmin();
        try (KeptAliveConnection connection = new KeptAliveConnection(server.baseUrl())) {
            assertThat(connection.get("/settings/tokens", null, "latchkey_session=" + session)).startsWith("HTTP/1.1 200");
            assertThat(connection.get("/settings/tokens", null, "latchkey_session=" + lastLetterFlipped(session)))
                    .startsWith("HTTP/1.1 30");
        }
    }

    private static String lastLetterFlipped(String text) {
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                char flipped = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
                return text.substring(0, i) + flipped + text.substring(i + 1);
            }
        }
        throw new IllegalArgumentException("no letter to flip");
    }
}
