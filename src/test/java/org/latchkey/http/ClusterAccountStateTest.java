package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Two nodes on one PostgreSQL database: disabling, enabling, the administrator role and deleting,
 * done through one node, hold on the other at once, though it had the user's tokens cached.
 */
class ClusterAccountStateTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final String PASSWORD = "a long and good password";

    @Test
    void a_user_disabled_through_one_node_is_refused_by_the_other_until_enabled() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            String admin = "token " + a.signInAdmin();
            a.client().createUser(admin.substring(6), "bob", PASSWORD);
            String session = "token " + b.signIn("bob", PASSWORD);
            String token = "token " + b.createToken(session.substring(6), "{\"name\":\"ci\",\"scopes\":[\"repo\"]}")
                    .get("token").asText();
            assertThat(b.get("/api/v1/user", token).status()).isEqualTo(200);
            assertThat(b.get("/api/v1/user", session).status()).isEqualTo(200);

            assertThat(a.send("PUT", "/api/v1/admin/users/bob/disabled", admin, null).status()).isEqualTo(200);
            assertThat(until(b, "/api/v1/user", token, 403).json().get("error").asText()).isEqualTo("account_disabled");
            assertThat(until(b, "/api/v1/user", session, 403).json().get("error").asText()).isEqualTo("account_disabled");

            assertThat(a.send("DELETE", "/api/v1/admin/users/bob/disabled", admin, null).status()).isEqualTo(200);
            until(b, "/api/v1/user", token, 200);
        }
    }

    @Test
    void the_administrator_role_granted_or_removed_through_one_node_holds_on_the_other() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            String admin = "token " + a.signInAdmin();
            a.client().createUser(admin.substring(6), "bob", PASSWORD);
            String bob = "token " + b.signIn("bob", PASSWORD);
            assertThat(b.get("/api/v1/admin/users", bob).status()).isEqualTo(403);

            a.send("PUT", "/api/v1/admin/users/bob/site_admin", admin, null);
            until(b, "/api/v1/admin/users", bob, 200);
            a.send("DELETE", "/api/v1/admin/users/bob/site_admin", admin, null);
            assertThat(until(b, "/api/v1/admin/users", bob, 403).json().get("error").asText()).isEqualTo("admin_required");

            a.send("DELETE", "/api/v1/admin/users/bob", admin, null);
            until(b, "/api/v1/user", bob, 401);
        }
    }

    private static Response until(TestServer node, String path, String authorization, int status) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            Response response = node.get(path, authorization);
            if (response.status() == status) {
                return response;
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("other node still answers " + response.status())
                    .isLessThan(PATIENCE);
            Thread.sleep(10);
        }
    }
}
