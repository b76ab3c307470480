package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Two nodes on one PostgreSQL database: a password changed or reset through node A ends the
 * sessions node B had in its cache, and B's pages stop showing the initial-password banner.
 */
class ClusterPasswordTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void a_password_changed_through_one_node_ends_the_other_sessions_cached_by_the_other_node() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            a.client().createUser(a.signInAdmin(), "grace", PasswordApiTest.OLD);
            String here = a.signIn("grace", PasswordApiTest.OLD);
            String elsewhere = a.signIn("grace", PasswordApiTest.OLD);
            assertThat(b.get("/api/v1/user", "token " + elsewhere).status()).isEqualTo(200);
            assertThat(b.get("/api/v1/user", "token " + here).status()).isEqualTo(200);

            assertThat(PasswordApiTest.change(a, here, PasswordApiTest.OLD, PasswordApiTest.NEW, null).status()).isEqualTo(200);

            assertThat(untilRefused(b, "token " + elsewhere).json().get("error").asText()).isEqualTo("token_revoked");
            assertThat(b.get("/api/v1/user", "token " + here).status()).as("the session used stays, on B too").isEqualTo(200);
        }
    }

    @Test
    void a_reset_through_one_node_ends_every_session_cached_by_the_other_node() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            String admin = a.signInAdmin();
            a.client().createUser(admin, "grace", PasswordApiTest.OLD);
            String session = a.signIn("grace", PasswordApiTest.OLD);
            assertThat(b.get("/api/v1/user", "token " + session).status()).isEqualTo(200);

            assertThat(a.send("POST", "/api/v1/admin/users/grace/password-reset", "token " + admin, null).status())
                    .isEqualTo(201);

            untilRefused(b, "token " + session);
            assertThat(PasswordApiTest.signIn(b, "grace", PasswordApiTest.OLD)).isEqualTo(401);
        }
    }

    @Test
    void the_initial_password_banner_leaves_the_other_nodes_pages_once_changed() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            String generated = a.adminPassword();
            String session = a.signInAdmin();
            assertThat(page(b, session)).contains("id=\"initial-password-banner\"");

            assertThat(PasswordApiTest.change(a, session, generated, PasswordApiTest.NEW, null).status()).isEqualTo(200);

            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (page(b, session).contains("initial-password-banner")) {
                assertThat(System.nanoTime()).as("node B kept showing the banner").isLessThan(deadline);
                Thread.sleep(10);
            }
        }
    }

    private static String page(TestServer node, String session) throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/settings/tokens"))
                .header("Cookie", "latchkey_session=" + session).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    private static Response untilRefused(TestServer node, String authorization) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Response response = node.get("/api/v1/user", authorization);
            if (response.status() != 200) {
                assertThat(response.status()).isEqualTo(401);
                return response;
            }
            assertThat(System.nanoTime()).as("node B kept accepting the session").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
