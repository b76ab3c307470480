package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** Two nodes on one PostgreSQL database: a job token revoked through one (by itself, or by deleting its policy) is refused by the other. */
class JobTokenClusterTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @Test
    void a_job_token_revoked_on_one_node_is_refused_by_the_other_that_had_it_cached() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL, TestServer::trustingCi); TestServer b = a.startPeer(TestServer::trustingCi)) {
            String admin = a.signInAdmin();
            JobTokenApiTest.acme(a, admin);
            String itself = "token " + JobTokenApiTest.mint(a, admin).secret();
            assertThat(b.get("/api/v1/repos/acme/app", itself).status()).isEqualTo(200);

            assertThat(a.send("DELETE", "/api/v1/oidc/token", itself, null).status()).isEqualTo(204);
            assertThat(untilRefused(b, itself).body()).contains("token_revoked");

            String byPolicy = "token " + JobTokenApiTest.mint(a, admin).secret();
            assertThat(b.get("/api/v1/repos/acme/app", byPolicy).status()).isEqualTo(200);
            long policy = a.get("/api/v1/orgs/acme/trust-policies", "token " + admin).json().get(0).get("id").asLong();
            assertThat(a.send("DELETE", "/api/v1/orgs/acme/trust-policies/" + policy, "token " + admin, null).status())
                    .isEqualTo(204);
            assertThat(untilRefused(b, byPolicy).body()).contains("token_revoked");
        }
    }

    private static Response untilRefused(TestServer node, String authorization) {
        long start = System.nanoTime();
        while (true) {
            Response response = node.get("/api/v1/repos/acme/app", authorization);
            if (response.status() != 200) {
                assertThat(response.status()).isEqualTo(401);
                return response;
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("still accepted").isLessThan(PATIENCE);
        }
    }
}
