package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestTotp;
import org.latchkey.TwoFactorFixture;
import org.latchkey.account.FirstAdmin;
import org.latchkey.http.PasswordApiTest;
import org.latchkey.store.TestDatabases.Engine;

/** The change-password page and the initial-password banner over plain HTTP on both engines. */
class PasswordPagesHttpTest {

    private static final String PAGE = "/settings/security/password";
    private static final String BANNER = "id=\"initial-password-banner\"";

    static HttpResponse<String> change(WebClient web, String current, String next, String again, String... more) {
        String[] fields = {"_csrf", web.csrf(PAGE), "current_password", current, "new_password", next,
                "new_password_confirmation", again};
        String[] all = java.util.Arrays.copyOf(fields, fields.length + more.length);
        System.arraycopy(more, 0, all, fields.length, more.length);
        return web.post(PAGE, all);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_banner_offers_to_change_the_generated_password_on_every_page_until_it_is_changed(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String generated = server.adminPassword();
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, generated);
            for (String page : new String[] {"/settings/tokens", "/settings/security", "/settings/security-log", "/orgs"}) {
                assertThat(web.get(page).body()).as(page).contains(BANNER, "href=\"/settings/security/password\"");
            }
            assertThat(web.get("/settings/tokens/new").statusCode()).as("nothing is blocked").isEqualTo(200);

            HttpResponse<String> changed = change(web, generated, PasswordApiTest.NEW, PasswordApiTest.NEW);

            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(303);
            assertThat(changed.headers().firstValue("Location")).hasValue(PAGE + "?changed=1");
            String after = web.get(PAGE + "?changed=1").body();
            assertThat(after).contains("Your password was changed", "Your personal access tokens keep working")
                    .doesNotContain(BANNER);
            assertThat(web.get("/settings/tokens").body()).doesNotContain(BANNER);
            assertThat(server.dataDir().resolve(FirstAdmin.PASSWORD_FILE)).doesNotExist();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_user_with_a_chosen_password_sees_no_banner_and_refusals_show_beside_their_field(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            server.client().createUser(server.signInAdmin(), "grace", PasswordApiTest.OLD);
            WebClient web = new WebClient(server);
            web.signIn("grace", PasswordApiTest.OLD);
            String other = server.signIn("grace", PasswordApiTest.OLD);
            String page = web.get(PAGE).body();
            assertThat(page).doesNotContain(BANNER).contains("Change password", "personal access tokens keep working")
                    .doesNotContain("name=\"otp\"");
            assertThat(web.get("/settings/security").body()).contains("href=\"/settings/security/password\"");

            HttpResponse<String> wrong = change(web, "not my password", PasswordApiTest.NEW, PasswordApiTest.NEW);
            HttpResponse<String> weak = change(web, PasswordApiTest.OLD, "short", "short");
            HttpResponse<String> differ = change(web, PasswordApiTest.OLD, PasswordApiTest.NEW, "something else here");
            HttpResponse<String> noCsrf = web.post(PAGE, "current_password", PasswordApiTest.OLD,
                    "new_password", PasswordApiTest.NEW, "new_password_confirmation", PasswordApiTest.NEW);

            assertThat(wrong.statusCode()).isEqualTo(422);
            assertThat(wrong.body()).contains("id=\"current-password-error\"", "current_password: is not your current password");
            assertThat(weak.statusCode()).isEqualTo(422);
            assertThat(weak.body()).contains("id=\"new-password-error\"", "must be between 12 and 1024 characters");
            assertThat(differ.statusCode()).isEqualTo(422);
            assertThat(differ.body()).contains("The two new passwords differ.");
            assertThat(noCsrf.statusCode()).isEqualTo(403);
            assertThat(wrong.body() + weak.body() + differ.body()).doesNotContain(PasswordApiTest.OLD);
            assertThat(server.get("/api/v1/user", "token " + other).status()).as("nothing changed yet").isEqualTo(200);

            assertThat(change(web, PasswordApiTest.OLD, PasswordApiTest.NEW, PasswordApiTest.NEW).statusCode()).isEqualTo(303);
            assertThat(web.get("/settings/tokens").statusCode()).as("this browser stays signed in").isEqualTo(200);
            assertThat(server.get("/api/v1/user", "token " + other).status()).as("the other session ended").isEqualTo(401);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void with_two_factor_on_the_page_asks_for_a_code(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            server.client().createUser(server.signInAdmin(), "grace", PasswordApiTest.OLD);
            TwoFactorFixture.Enrolled grace = TwoFactorFixture.enrol(server, server.signIn("grace", PasswordApiTest.OLD));
            WebClient web = new WebClient(server);
            web.signIn("grace", PasswordApiTest.OLD);
            web.post("/login/two-factor", "_csrf", WebClient.csrfOf(web.get("/login/two-factor").body()),
                    "otp", grace.recoveryCodes().get(0));
            assertThat(web.get(PAGE).body()).contains("name=\"otp\"");

            HttpResponse<String> without = change(web, PasswordApiTest.OLD, PasswordApiTest.NEW, PasswordApiTest.NEW);
            HttpResponse<String> wrong = change(web, PasswordApiTest.OLD, PasswordApiTest.NEW, PasswordApiTest.NEW, "otp", "000000");
            HttpResponse<String> right = change(web, PasswordApiTest.OLD, PasswordApiTest.NEW, PasswordApiTest.NEW,
                    "otp", TestTotp.code(grace.secret(), server.clock()));

            assertThat(without.statusCode()).isEqualTo(401);
            assertThat(without.body()).contains("id=\"password-otp-error\"", "Enter the code from your authenticator app");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("Invalid two-factor code.");
            assertThat(right.statusCode()).isEqualTo(303);
            assertThat(PasswordApiTest.signIn(server, "grace", PasswordApiTest.NEW)).as("a code is still needed").isEqualTo(401);
        }
    }
}
