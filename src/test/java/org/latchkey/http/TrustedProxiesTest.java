package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latchkey.Settings;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;

/**
 * Behind a reverse proxy on 127.0.0.1: the client's address comes from what the proxy wrote in
 * {@code X-Forwarded-For}, and counts for lockouts and the usage log; without the proxy being
 * trusted, the header changes nothing.
 */
class TrustedProxiesTest {

    /** LoginThrottle's default: this many failures from one address within 3 minutes lock it out. */
    private static final int IP_LOCKOUT_FAILURES = 30;

    @Test
    void theClientBehindATrustedProxy_isTheRightmostHopTheProxiesDidNotWrite() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2, s -> s.withTrustedProxies(List.of("127.0.0.1/32", "10.0.0.0/8")))) {
            JsonNode token = server.createToken(server.signInAdmin(), "{\"name\":\"ci\",\"scopes\":[]}");

            get(server, "token " + token.get("token").asText(), "203.0.113.9");
            get(server, "token " + token.get("token").asText(), "198.51.100.66, 203.0.113.10, 10.1.2.3");
            get(server, "token " + token.get("token").asText(), null);

            assertThat(ips(server, token)).containsExactly("127.0.0.1", "203.0.113.10", "203.0.113.9");
        }
    }

    @Test
    void aTrustedProxyThatTerminatesTls_makesLinksHttps_andAnUntrustedOneDoesNot() throws Exception {
        Map<String, String> viaTls = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.9");
        try (TestServer behind = TestServer.start(Engine.H2, s -> s.withTrustedProxies(List.of("127.0.0.1")));
             TestServer direct = TestServer.start(Engine.H2)) {
            String host = behind.baseUrl().substring("http://".length());

            assertThat(behind.client().send("GET", "/api/v1/user", viaTls, null).json().path("documentation_url").asText())
                    .isEqualTo("https://" + host + "/docs/api#requires_authentication");
            assertThat(direct.client().send("GET", "/api/v1/user", viaTls, null).json().path("documentation_url").asText())
                    .isEqualTo(direct.baseUrl() + "/docs/api#requires_authentication");
        }
    }

    @Test
    void withoutATrustedProxy_aForwardedForHeaderChangesNothing() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            JsonNode token = server.createToken(server.signInAdmin(), "{\"name\":\"ci\",\"scopes\":[]}");

            get(server, "token " + token.get("token").asText(), "203.0.113.9");

            assertThat(ips(server, token)).containsExactly("127.0.0.1");
        }
    }

    @Test
    void aLockout_fallsOnTheClientThatFailed_notOnEveryoneBehindTheProxy() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2, s -> s.withTrustedProxies(List.of("127.0.0.1")))) {
            String good = "token " + server.createToken(server.signInAdmin(), "{\"name\":\"ci\",\"scopes\":[]}").get("token").asText();
            String unknown = "token " + TokenFormat.generate(TokenType.CLASSIC, new SecureRandom());
            List<Integer> attacker = new ArrayList<>();
            for (int i = 0; i <= IP_LOCKOUT_FAILURES; i++) {
                attacker.add(get(server, unknown, "203.0.113.66").status());
            }

            assertThat(attacker).startsWith(401).endsWith(429);
            assertThat(get(server, good, "203.0.113.66").status()).isEqualTo(429);
            assertThat(get(server, good, "198.51.100.7").status()).isEqualTo(200);
        }
    }

    @Test
    void aTrustedProxyThatIsNotAnAddress_isRefusedAtStart() {
        Settings settings = Settings.defaults(Path.of("unused"));

        for (String bad : new String[] {"proxy.example.com", "10.0.0.0/x", "300.1.1.1", "10.0.0.0/8/8"}) {
            assertThatThrownBy(() -> settings.withTrustedProxies(List.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be an IP address or a CIDR block");
        }
        assertThat(settings.withTrustedProxies(List.of(" 10.0.0.0/8", "fd00::/8", "::1")).trustedProxies())
                .containsExactly("10.0.0.0/8", "fd00::/8", "::1");
    }

    private static Response get(TestServer server, String authorization, String forwardedFor) {
        return server.client().send("GET", "/api/v1/user", forwardedFor == null ? Map.of("Authorization", authorization)
                : Map.of("Authorization", authorization, "X-Forwarded-For", forwardedFor), null);
    }

    private static List<String> ips(TestServer server, JsonNode token) {
        server.latchkey().flushUsage();
        JsonNode usage = server.get("/api/v1/user/tokens/" + token.get("id").asLong() + "/usage", "token "
                + server.signInAdmin()).json();
        List<String> ips = new ArrayList<>();
        usage.forEach(entry -> ips.add(entry.get("ip").asText()));
        return ips;
    }
}
