package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestTotp;
import org.latchkey.TwoFactorFixture;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;

/** Sudo mode over plain HTTP for an account with two-factor authentication: a code from the app instead of the password. */
class SudoPagesHttpTest {

    private static final String NEW_TOKEN = "/settings/tokens/new";
    private static final String SUDO_PAGE = "/sudo?return_to=%2Fsettings%2Ftokens%2Fnew";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_code_from_the_app_confirms_access_and_goes_back_to_the_page(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String apiSession = server.signInAdmin();
            TwoFactorFixture.Enrolled admin = TwoFactorFixture.enrol(server, apiSession);
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            web.post("/login/two-factor", "_csrf", WebClient.csrfOf(web.get("/login/two-factor").body()),
                    "otp", TestTotp.code(admin.secret(), server.clock()));
            server.clock().advance(Duration.ofMinutes(16));
            assertThat(web.get(NEW_TOKEN).headers().firstValue("Location")).hasValue(SUDO_PAGE);

            HttpResponse<String> page = web.get(SUDO_PAGE);
            assertThat(page.body()).contains("action=\"/sudo\"", "action=\"/sudo/two-factor\"", "Use your authenticator app",
                    "for=\"sudo-otp\"", "Recovery codes are not accepted here");
            String code = TestTotp.code(admin.secret(), server.clock());
            assertThat(web.post("/sudo/two-factor", "otp", code, "return_to", NEW_TOKEN).statusCode())
                    .as("without CSRF").isEqualTo(403);
            assertThat(web.get(NEW_TOKEN).statusCode()).isEqualTo(303);

            HttpResponse<String> confirmed = web.post("/sudo/two-factor", "_csrf", WebClient.csrfOf(page.body()),
                    "otp", code, "return_to", NEW_TOKEN);

            assertThat(confirmed.statusCode()).isEqualTo(303);
            assertThat(confirmed.headers().firstValue("Location")).hasValue(NEW_TOKEN);
            assertThat(web.get(NEW_TOKEN).statusCode()).isEqualTo(200);
            assertThat(WebPagesHttpTest.sudoConfirmations(server, apiSession)).containsExactly("app_code");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void wrong_codes_and_passwords_show_beside_their_field_and_lock_the_account_and_raise_an_alert(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            TwoFactorFixture.Enrolled admin = TwoFactorFixture.enrol(server, server.signInAdmin());
            server.clock().advance(Duration.ofMinutes(16));
            String csrf = web.csrf(SUDO_PAGE);

            HttpResponse<String> wrongCode = web.post("/sudo/two-factor", "_csrf", csrf, "otp", "987 654", "return_to", NEW_TOKEN);
            HttpResponse<String> wrongPassword = web.post("/sudo", "_csrf", csrf, "password", "not-the-password",
                    "return_to", NEW_TOKEN);
            assertThat(wrongCode.statusCode()).isEqualTo(401);
            assertThat(wrongCode.body()).contains("id=\"sudo-otp-error\"", "Invalid two-factor code.", "aria-invalid=\"true\"")
                    .doesNotContain("id=\"sudo-password-error\"").doesNotContain("987 654").doesNotContain("987654");
            assertThat(wrongPassword.statusCode()).isEqualTo(401);
            assertThat(wrongPassword.body()).contains("id=\"sudo-password-error\"", "Incorrect password.")
                    .doesNotContain("id=\"sudo-otp-error\"").doesNotContain("not-the-password");
            assertThat(web.get("/settings/security-alerts").body()).doesNotContain("failed_authentications");

            for (int i = 0; i < 8; i++) {
                server.clock().advance(Duration.ofSeconds(5));
                web.post("/sudo/two-factor", "_csrf", csrf, "otp", "000000", "return_to", NEW_TOKEN);
            }
            HttpResponse<String> locked = web.post("/sudo/two-factor", "_csrf", csrf,
                    "otp", TestTotp.code(admin.secret(), server.clock()), "return_to", NEW_TOKEN);

            assertThat(locked.statusCode()).isEqualTo(429);
            assertThat(locked.headers().firstValue("Retry-After")).isPresent();
            assertThat(locked.body()).contains("id=\"sudo-otp-error\"", "Too many failed authentication attempts");
            assertThat(web.get(NEW_TOKEN).statusCode()).as("still not in sudo mode").isEqualTo(303);
            assertThat(web.get("/settings/security-alerts").body()).contains("failed_authentications");
            assertThat(web.get("/settings/security-log").body())
                    .contains("class=\"action\">session.failed<", "class=\"action\">login.locked_out<");

            server.clock().advance(Duration.ofMinutes(15));
            HttpResponse<String> after = web.post("/sudo/two-factor", "_csrf", csrf,
                    "otp", TestTotp.code(admin.secret(), server.clock()), "return_to", NEW_TOKEN);
            assertThat(after.statusCode()).isEqualTo(303);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_recovery_code_is_refused_beside_the_field_and_is_neither_used_nor_counted(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            TwoFactorFixture.Enrolled admin = TwoFactorFixture.enrol(server, server.signInAdmin());
            server.clock().advance(Duration.ofMinutes(16));
            String recoveryCode = admin.recoveryCodes().get(0);

            HttpResponse<String> refused = web.post("/sudo/two-factor", "_csrf", web.csrf(SUDO_PAGE),
                    "otp", recoveryCode, "return_to", NEW_TOKEN);

            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("id=\"sudo-otp-error\"", "A recovery code cannot confirm access")
                    .doesNotContain(recoveryCode);
            assertThat(web.get(NEW_TOKEN).statusCode()).isEqualTo(303);
            assertThat(web.get("/settings/security").body()).contains("10</span> of 10 recovery codes left");
            assertThat(web.get("/settings/security-log").body()).doesNotContain("class=\"action\">session.failed<");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_code_that_confirmed_access_once_is_refused_the_second_time(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            WebClient first = new WebClient(server);
            WebClient second = new WebClient(server);
            first.signIn(FirstAdmin.LOGIN, server.adminPassword());
            second.signIn(FirstAdmin.LOGIN, server.adminPassword());
            TwoFactorFixture.Enrolled admin = TwoFactorFixture.enrol(server, server.signInAdmin());
            server.clock().advance(Duration.ofMinutes(16));
            String code = TestTotp.code(admin.secret(), server.clock());

            HttpResponse<String> used = first.post("/sudo/two-factor", "_csrf", first.csrf(SUDO_PAGE), "otp", code,
                    "return_to", NEW_TOKEN);
            HttpResponse<String> replayed = second.post("/sudo/two-factor", "_csrf", second.csrf(SUDO_PAGE), "otp", code,
                    "return_to", NEW_TOKEN);

            assertThat(used.statusCode()).isEqualTo(303);
            assertThat(replayed.statusCode()).isEqualTo(401);
            assertThat(replayed.body()).contains("id=\"sudo-otp-error\"", "Invalid two-factor code.");
            assertThat(second.get(NEW_TOKEN).statusCode()).isEqualTo(303);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void without_two_factor_the_page_offers_only_the_password(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String api = server.signInAdmin();
            assertThat(server.send("POST", "/api/v1/user/two-factor", "token " + api, null).status())
                    .as("an enrolment waiting for its first code is not on").isEqualTo(201);
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            server.clock().advance(Duration.ofMinutes(16));

            HttpResponse<String> page = web.get(SUDO_PAGE);
            HttpResponse<String> code = web.post("/sudo/two-factor", "_csrf", WebClient.csrfOf(page.body()),
                    "otp", "123456", "return_to", NEW_TOKEN);

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("action=\"/sudo\"", "for=\"sudo-password\"")
                    .doesNotContain("/sudo/two-factor").doesNotContain("authenticator app");
            assertThat(code.statusCode()).isEqualTo(409);
            assertThat(web.get(NEW_TOKEN).statusCode()).isEqualTo(303);
        }
    }
}
