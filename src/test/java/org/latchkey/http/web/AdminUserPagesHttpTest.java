package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;

/** The administrators' user pages and the sign-in page of a disabled account, over HTTP on both engines. */
class AdminUserPagesHttpTest {

    private static final String PASSWORD = "a long and good password";
    private static final String BOB = "/settings/admin/users/bob";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_sign_in_page_says_the_account_is_disabled_only_after_the_right_password(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = "token " + server.signInAdmin();
            server.client().createUser(admin.substring(6), "bob", PASSWORD);
            WebClient bob = new WebClient(server);
            assertThat(bob.signIn("bob", PASSWORD).statusCode()).isEqualTo(303);
            assertThat(bob.get("/settings/tokens").statusCode()).isEqualTo(200);
            server.send("PUT", "/api/v1/admin/users/bob/disabled", admin, null);

            HttpResponse<String> signedOut = bob.get("/settings/tokens");
            HttpResponse<String> guess = new WebClient(server).signIn("bob", "not the password at all");
            HttpResponse<String> right = new WebClient(server).signIn("BOB", PASSWORD);

            assertThat(signedOut.statusCode()).as("the session cookie no longer works").isEqualTo(303);
            assertThat(signedOut.headers().firstValue("Location").orElseThrow()).startsWith("/login");
            assertThat(guess.statusCode()).isEqualTo(401);
            assertThat(guess.body()).contains("Incorrect username or password.").doesNotContain("disabled");
            assertThat(right.statusCode()).isEqualTo(403);
            assertThat(right.body()).contains("This account is disabled");
            assertThat(right.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("latchkey_session=lks_"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void every_change_needs_the_csrf_token_and_a_recent_confirmation_and_an_administrator(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            server.client().createUser(server.signInAdmin(), "bob", PASSWORD);
            WebClient admin = new WebClient(server);
            admin.signIn(FirstAdmin.LOGIN, server.adminPassword());
            String csrf = admin.csrf(BOB);

            HttpResponse<String> forged = admin.post(BOB + "/disable", "_csrf", "forged");
            server.clock().advance(Duration.ofMinutes(16));
            HttpResponse<String> stale = admin.post(BOB + "/disable", "_csrf", csrf);
            HttpResponse<String> page = admin.get(BOB);

            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(stale.statusCode()).isEqualTo(303);
            assertThat(stale.headers().firstValue("Location")).hasValue("/sudo?return_to=%2Fsettings%2Fadmin%2Fusers%2Fbob");
            assertThat(page.body()).contains("id=\"user-state\"").containsPattern(">active<");

            admin.post("/sudo", "_csrf", admin.csrf("/sudo"), "password", server.adminPassword(), "return_to", BOB);
            HttpResponse<String> done = admin.post(BOB + "/disable", "_csrf", csrf);
            assertThat(done.statusCode()).isEqualTo(303);
            assertThat(done.headers().firstValue("Location")).hasValue(BOB + "?done=disabled");
            assertThat(admin.get(BOB).body()).containsPattern(">disabled<");

            WebClient carol = new WebClient(server);
            server.client().createUser(server.signInAdmin(), "carol", PASSWORD);
            carol.signIn("carol", PASSWORD);
            String carolCsrf = carol.csrf("/settings/tokens");
            for (String action : new String[] {"/enable", "/grant-admin", "/revoke-admin", "/delete", "/disable"}) {
                assertThat(carol.post(BOB + action, "_csrf", carolCsrf).statusCode()).as(action).isEqualTo(403);
            }
            assertThat(carol.get(BOB).statusCode()).isEqualTo(403);
            assertThat(carol.get("/settings/admin/users").statusCode()).isEqualTo(403);
            assertThat(carol.get("/settings/tokens").body()).doesNotContain("nav-admin-users");
            assertThat(admin.get("/settings/tokens").body()).contains("nav-admin-users");
            assertThat(admin.get("/settings/admin/users/nobody").statusCode()).isEqualTo(404);
            assertThat(server.get("/api/v1/admin/users/bob", "token " + server.signInAdmin()).json().get("state").asText())
                    .isEqualTo("disabled");
        }
    }
}
