package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * A revoked token that a CI host keeps presenting over git is throttled on its own, as over the
 * API: past 30 presentations it is answered 429 with {@code Retry-After}, still saying it is
 * revoked, while a live token from the same address goes on working.
 */
class DeadTokenGitTest {

    private static final String REFS = "/admin/private.git/info/refs?service=git-upload-pack";

    @Test
    void aDeadTokenPresentedTooOftenIs429WithRetryAfterForThatSecretAlone() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            fixture.repository("private", true);
            String dead = fixture.adminToken("old-ci", "[\"repo\"]");
            String live = fixture.adminToken("ci", "[\"repo\"]");
            long deadId = idOf(server, "old-ci");
            assertThat(server.send("POST", "/api/v1/user/tokens/" + deadId + "/revoke", "token " + server.signInAdmin(), null)
                    .status()).isEqualTo(204);

            Response last = null;
            for (int i = 0; i < 31; i++) {
                last = fetchRefs(server, dead);
            }

            assertThat(last.status()).as(last.body()).isEqualTo(429);
            assertThat(last.header("Retry-After")).isNotNull();
            assertThat(last.body()).containsIgnoringCase("revoked");
            assertThat(fetchRefs(server, live).status()).isEqualTo(200);
        }
    }

    private static long idOf(TestServer server, String name) {
        for (var token : server.get("/api/v1/user/tokens", "token " + server.signInAdmin()).json()) {
            if (token.get("name").asText().equals(name)) {
                return token.get("id").asLong();
            }
        }
        throw new AssertionError("no token named " + name);
    }

    private static Response fetchRefs(TestServer server, String token) {
        String basic = Base64.getEncoder().encodeToString(("x:" + token).getBytes(StandardCharsets.UTF_8));
        return server.client().send("GET", REFS, Map.of("Authorization", "Basic " + basic), null);
    }
}
