package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Two nodes on one PostgreSQL database: a change made through node A stops node B, which had the
 * token in its cache, accepting the old secret. Prints how long B went on accepting it.
 */
class ClusterRevocationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @Test
    void a_token_revoked_through_one_node_is_refused_by_the_other() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            String session = a.signInAdmin();
            JsonNode token = a.createToken(session, "{\"name\":\"ci\",\"scopes\":[\"repo\"]}");
            String secret = "token " + token.get("token").asText();
            assertThat(b.get("/api/v1/user", secret).status()).isEqualTo(200);

            assertThat(a.send("POST", "/api/v1/user/tokens/" + token.get("id").asLong() + "/revoke",
                    "token " + session, null).status()).isEqualTo(204);

            assertThat(untilRefused("revoke", b, secret).json().get("error").asText()).isEqualTo("token_revoked");
        }
    }

    @Test
    void a_secret_regenerated_through_one_node_is_refused_by_the_other() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            String session = a.signInAdmin();
            JsonNode token = a.createToken(session, "{\"name\":\"ci\",\"scopes\":[\"repo\"]}");
            String oldSecret = "token " + token.get("token").asText();
            assertThat(b.get("/api/v1/user", oldSecret).status()).isEqualTo(200);

            Response regenerated = a.send("POST", "/api/v1/user/tokens/" + token.get("id").asLong() + "/regenerate",
                    "token " + session, null);
            assertThat(regenerated.status()).isEqualTo(200);

            assertThat(untilRefused("regenerate", b, oldSecret).json().get("message").asText()).isEqualTo("Bad credentials");
            assertThat(b.get("/api/v1/user", "token " + regenerated.json().get("token").asText()).status()).isEqualTo(200);
        }
    }

    @Test
    void a_secret_rotated_through_one_node_and_reused_on_the_other_after_the_interval_revokes_the_family_on_both() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            String session = a.signInAdmin();
            String first = "token " + a.createToken(session,
                    "{\"name\":\"bot\",\"scopes\":[\"repo\",\"self_rotate\"]}").get("token").asText();
            assertThat(b.get("/api/v1/user", first).status()).isEqualTo(200);

            Response rotated = a.send("POST", "/api/v1/tokens/self/rotate", first, null);
            assertThat(rotated.status()).isEqualTo(201);
            String second = "token " + rotated.json().get("token").asText();
            assertThat(a.get("/api/v1/user", second).status()).isEqualTo(200);

            assertThat(untilRefused("rotate", b, first).json().get("error").asText()).isEqualTo("token_rotated");
            assertThat(a.get("/api/v1/user", second).status()).isEqualTo(200);
            a.clock().advance(Duration.ofSeconds(61));
            assertThat(b.get("/api/v1/user", first).json().get("message").asText()).contains("whole family was revoked");
            assertThat(untilRefused("family revocation, back on node A", a, second).json().get("error").asText())
                    .isEqualTo("token_revoked");
        }
    }

    @Test
    void a_node_whose_listener_connection_is_killed_still_learns_of_revocations() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            String session = a.signInAdmin();
            JsonNode missed = a.createToken(session, "{\"name\":\"missed\",\"scopes\":[\"repo\"]}");
            JsonNode later = a.createToken(session, "{\"name\":\"later\",\"scopes\":[\"repo\"]}");
            for (JsonNode token : new JsonNode[] {missed, later}) {
                assertThat(b.get("/api/v1/user", "token " + token.get("token").asText()).status()).isEqualTo(200);
            }

            killListener(b.latchkey().nodeId());
            revoke(a, session, missed);
            untilRefused("revoke while B's listener reconnects", b, "token " + missed.get("token").asText());
            revoke(a, session, later);

            untilRefused("revoke after B's listener reconnected", b, "token " + later.get("token").asText());
        }
    }

    private static void revoke(TestServer server, String session, JsonNode token) {
        assertThat(server.send("POST", "/api/v1/user/tokens/" + token.get("id").asLong() + "/revoke",
                "token " + session, null).status()).isEqualTo(204);
    }

    private static void killListener(String nodeId) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!TestDatabases.terminateListener(nodeId)) {
            assertThat(System.nanoTime()).as("node B never listened").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /**
     * Polls the node with the secret until it is refused; fails after five seconds. Prints when the
     * first refused request was sent, counted from the change's answer, and how many were accepted.
     */
    private static Response untilRefused(String change, TestServer node, String authorization) {
        long start = System.nanoTime();
        int accepted = 0;
        while (true) {
            long sent = System.nanoTime() - start;
            Response response = node.get("/api/v1/user", authorization);
            if (response.status() != 200) {
                assertThat(response.status()).isEqualTo(401);
                System.out.printf("after %s: %d request(s) accepted; the first refused was sent %.1f ms after the change%n",
                        change, accepted, sent / 1e6);
                return response;
            }
            accepted++;
            assertThat(Duration.ofNanos(sent)).as("still accepted after " + change).isLessThan(PATIENCE);
        }
    }
}
