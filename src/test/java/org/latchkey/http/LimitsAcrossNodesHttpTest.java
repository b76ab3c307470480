package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.store.TestDatabases.Engine;

/** Three nodes on one PostgreSQL database share a token's rate limit and an address's lockout. */
class LimitsAcrossNodesHttpTest {

    private static final int PER_NODE_PER_SYNC = 5;

    @Test
    void aRateLimitOf100OverThreeNodes_allowsAtMost100PlusTheBound_andALockoutHoldsOnAll() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL, s -> s.withRateLimitPerHour(100));
             TestServer b = a.startPeer(s -> s.withRateLimitPerHour(100));
             TestServer c = a.startPeer(s -> s.withRateLimitPerHour(100))) {
            List<TestServer> nodes = List.of(a, b, c);
            String session = a.signInAdmin();
            String token = "token " + a.createToken(session, "{\"name\":\"r\",\"scopes\":[\"repo\"]}").get("token").asText();

            int ok = 0;
            int limited = 0;
            for (int interval = 0; interval < 12; interval++) {
                for (int i = 0; i < PER_NODE_PER_SYNC; i++) {
                    for (TestServer node : nodes) {
                        int status = node.get("/api/v1/user", token).status();
                        ok += status == 200 ? 1 : 0;
                        limited += status == 429 ? 1 : 0;
                    }
                }
                sync(nodes);
            }

            assertThat(ok + limited).isEqualTo(180);
            assertThat(ok).isBetween(100, 100 + nodes.size() * PER_NODE_PER_SYNC);
            for (TestServer node : nodes) {
                assertThat(node.get("/api/v1/user", token).status()).isEqualTo(429);
            }

            String other = "token " + a.createToken(session, "{\"name\":\"o\",\"scopes\":[\"repo\"]}").get("token").asText();
            for (int i = 0; i < 30; i++) {
                assertThat(nodes.get(i % 3).get("/api/v1/user", "token ghp_notARealToken" + i).status()).isEqualTo(401);
                sync(nodes);
            }
            for (TestServer node : nodes) {
                TestServer.Response refused = node.get("/api/v1/user", other);
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.json().get("error").asText()).isEqualTo("locked_out");
            }
        }
    }

    private static void sync(List<TestServer> nodes) {
        nodes.forEach(n -> n.latchkey().syncLimits());
        nodes.forEach(n -> n.latchkey().syncLimits());
    }
}
