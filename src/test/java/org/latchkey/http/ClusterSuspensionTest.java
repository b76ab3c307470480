package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** Two nodes on one PostgreSQL database: a suspension or resumption made through one holds on the other. */
class ClusterSuspensionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @Test
    void a_token_suspended_through_one_node_is_refused_by_the_other_until_resumed() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            String session = "token " + a.signInAdmin();
            JsonNode token = a.createToken(session.substring(6), "{\"name\":\"ci\",\"scopes\":[\"repo\"]}");
            String secret = "token " + token.get("token").asText();
            assertThat(b.get("/api/v1/user", secret).status()).isEqualTo(200);

            assertThat(a.send("POST", "/api/v1/user/tokens/" + token.get("id").asLong() + "/suspend", session, null)
                    .status()).isEqualTo(200);
            assertThat(until(b, secret, 401).json().get("error").asText()).isEqualTo("token_suspended");

            assertThat(a.send("POST", "/api/v1/admin/users/admin/tokens/resume", session, null).status()).isEqualTo(200);
            until(b, secret, 200);
        }
    }

    private static Response until(TestServer node, String authorization, int status) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            Response response = node.get("/api/v1/user", authorization);
            if (response.status() == status) {
                return response;
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("other node still answers " + response.status())
                    .isLessThan(PATIENCE);
            Thread.sleep(10);
        }
    }
}
