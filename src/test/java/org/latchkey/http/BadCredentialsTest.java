package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.http.Refusals.assertRefused;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.http.Refusals.Snapshot;
import org.latchkey.store.TestDatabases.Engine;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;

/**
 * Malformed Authorization headers, sent byte for byte: each is refused with a JSON 4xx and never
 * lets a request through. The clock moves past the address lockout window before each, so every
 * header is judged on its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadCredentialsTest {

    private static final String UNKNOWN = TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());

    /** An Authorization header value and the status it must get. */
    record BadHeader(String label, byte[] value, int status) {
        @Override
        public String toString() {
            return label + " → " + status;
        }
    }

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    private TestServer server;
    private String session;

    @BeforeAll
    void start() {
        server = TestServer.start(Engine.H2);
        session = server.signInAdmin();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void leaveTheLockoutWindow() {
        server.clock().advance(Refusals.PAST_LOCKOUT_WINDOW);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeaders")
    void a_malformed_authorization_header_is_refused_and_changes_nothing(BadHeader bad) {
        Snapshot before = Snapshot.of(server, session);
        byte[] body = "{\"name\":\"sneaky\",\"scopes\":[]}".getBytes(StandardCharsets.US_ASCII);

        Response read = server.client().sendRaw(head("GET /api/v1/user HTTP/1.1", bad.value()), null);
        Response write = server.client().sendRaw(head("POST /api/v1/user/tokens HTTP/1.1", bad.value(),
                "Content-Type: application/json", "Content-Length: " + body.length), body);

        for (Response response : new Response[] {read, write}) {
            assertRefused(response, bad.status());
            if (bad.status() == 401) {
                assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Latchkey\"");
                assertThat(response.json().get("error").asText()).isIn("bad_credentials", "requires_authentication");
            }
        }
        assertThat(Snapshot.of(server, session)).isEqualTo(before);
    }

    static Stream<BadHeader> badHeaders() {
        return Stream.of(
                header("empty", "", 401),
                header("scheme only", "token", 401),
                header("scheme and a space", "token ", 401),
                header("two spaces", "token  x", 401),
                header("two words", "token x y", 401),
                header("tab instead of space", "token\t" + UNKNOWN, 401),
                header("Bearer alone", "Bearer", 401),
                header("unknown well-formed token", "bearer " + UNKNOWN, 401),
                header("token with a character too many", "token " + UNKNOWN + "x", 401),
                header("token without its prefix", "token " + UNKNOWN.substring(4), 401),
                header("Basic alone", "Basic", 401),
                header("Basic, not base64", "Basic !!!notbase64", 401),
                header("Basic, only padding", "Basic ====", 401),
                header("Basic without a colon", "Basic " + base64("no colon here"), 401),
                header("Basic, only a colon", "Basic " + base64(":"), 401),
                header("Basic, user and empty password", "Basic " + base64("user:"), 401),
                header("Basic, several colons", "Basic " + base64("a:b:" + UNKNOWN), 401),
                header("Basic, long password", "Basic " + base64("a:" + "p".repeat(5000)), 401),
                header("Basic, not UTF-8 inside", "Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', ':', (byte) 0xC3, '('}),
                        401),
                header("another scheme", "Digest username=\"admin\"", 401),
                header("7 KB", "token " + "a".repeat(7 * 1024), 401),
                header("10 KB", "token " + "a".repeat(10 * 1024), 431),
                new BadHeader("Latin-1 bytes", concat("token lkp_", repeat((byte) 0xE9, 36)), 401),
                new BadHeader("UTF-8 bytes", ("token lkp_" + "é".repeat(18)).getBytes(StandardCharsets.UTF_8), 401),
                new BadHeader("a control character", concat("token lkp_", new byte[] {1}), 400),
                new BadHeader("a NUL byte", concat("token " + UNKNOWN, new byte[] {0}), 400));
    }

    private static BadHeader header(String label, String value, int status) {
        return new BadHeader(label, value.getBytes(StandardCharsets.ISO_8859_1), status);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] repeat(byte b, int times) {
        byte[] bytes = new byte[times];
        java.util.Arrays.fill(bytes, b);
        return bytes;
    }

    private static byte[] concat(String start, byte[] rest) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(start.getBytes(StandardCharsets.ISO_8859_1));
        all.writeBytes(rest);
        return all.toByteArray();
    }

    private static byte[] head(String requestLine, byte[] authorization, String... headerLines) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes((requestLine + "\r\nAuthorization: ").getBytes(StandardCharsets.ISO_8859_1));
        head.writeBytes(authorization);
        head.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        for (String line : headerLines) {
            head.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        return head.toByteArray();
    }
}
