package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestTotp;
import org.latchkey.TwoFactorFixture;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;

/** The two-factor pages over plain HTTP: enrolment, the sign-in's code step and its cookie, CSRF, caching. */
class TwoFactorPagesHttpTest {

    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\" class=\"secret\">([A-Z2-7]{32})<");
    private static final Pattern RECOVERY_CODE = Pattern.compile("class=\"recovery-code\">([a-z0-9-]{19})<");

    @ParameterizedTest
    @EnumSource(Engine.class)
    void enrolment_shows_a_qr_code_and_the_secret_then_the_recovery_codes_once(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            assertThat(web.get("/settings/security").body()).contains("not enabled");
            assertThat(web.get("/settings/security/two-factor/qr.png").statusCode()).as("nothing pending").isEqualTo(404);
            String csrf = web.csrf("/settings/security");
            assertThat(web.post("/settings/security/two-factor").statusCode()).as("without CSRF").isEqualTo(403);

            HttpResponse<String> started = web.post("/settings/security/two-factor", "_csrf", csrf);
            assertThat(started.statusCode()).isEqualTo(303);
            String page = web.get("/settings/security").body();
            Matcher secret = SECRET.matcher(page);
            assertThat(secret.find()).as(page).isTrue();
            HttpResponse<String> qr = web.get("/settings/security/two-factor/qr.png");
            assertThat(qr.statusCode()).isEqualTo(200);
            assertThat(qr.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(qr.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(qr.body()).startsWith("\uFFFDPNG");

            HttpResponse<String> wrong = web.post("/settings/security/two-factor/confirm", "_csrf", csrf, "otp", "000000");
            assertThat(wrong.statusCode()).isEqualTo(422);
            assertThat(wrong.body()).contains("id=\"otp-error\"", "That code is not right").contains(secret.group(1));

            HttpResponse<String> confirmed = web.post("/settings/security/two-factor/confirm", "_csrf", csrf,
                    "otp", TestTotp.code(secret.group(1), server.clock()));
            assertThat(confirmed.statusCode()).isEqualTo(200);
            assertThat(confirmed.headers().firstValue("Cache-Control")).hasValue("no-store");
            List<String> codes = RECOVERY_CODE.matcher(confirmed.body()).results().map(m -> m.group(1)).toList();
            assertThat(codes).hasSize(10);
            assertThat(confirmed.body()).contains("they will not be shown again");

            String after = web.get("/settings/security").body();
            assertThat(after).contains("10</span> of 10 recovery codes left").doesNotContain(secret.group(1));
            assertThat(codes).allSatisfy(code -> assertThat(after).doesNotContain(code));
            assertThat(web.get("/settings/security/two-factor/qr.png").statusCode()).isEqualTo(404);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_password_step_gives_a_short_lived_cookie_that_is_not_a_session(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            TwoFactorFixture.Enrolled admin = TwoFactorFixture.enrol(server, server.signInAdmin());
            WebClient web = new WebClient(server);

            HttpResponse<String> password = web.post("/login", "_csrf", web.csrf("/login"), "login", FirstAdmin.LOGIN,
                    "password", server.adminPassword(), "return_to", "/settings/security-log");

            assertThat(password.statusCode()).isEqualTo(303);
            assertThat(password.headers().firstValue("Location"))
                    .hasValue("/login/two-factor?return_to=%2Fsettings%2Fsecurity-log");
            List<String> cookies = password.headers().allValues("Set-Cookie");
            assertThat(cookies).noneMatch(c -> c.startsWith(WebSession.COOKIE + "="));
            String ticket = cookies.stream().filter(c -> c.startsWith(WebSession.SECOND_STEP_COOKIE + "=")).findFirst().orElseThrow();
            assertThat(ticket).contains("HttpOnly", "SameSite=Lax", "Path=/login/two-factor", "Max-Age=300")
                    .doesNotContain(admin.secret());
            assertThat(web.get("/settings/tokens").statusCode()).as("not signed in yet").isEqualTo(303);

            HttpResponse<String> form = web.get("/login/two-factor?return_to=%2Fsettings%2Fsecurity-log");
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.headers().firstValue("Cache-Control")).hasValue("no-store");
            String csrf = WebClient.csrfOf(form.body());
            assertThat(web.post("/login/two-factor", "otp", "000000").statusCode()).as("without CSRF").isEqualTo(403);

            HttpResponse<String> wrong = web.post("/login/two-factor", "_csrf", csrf, "otp", "000000",
                    "return_to", "/settings/security-log");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("id=\"otp-error\"", "Invalid two-factor code.");

            HttpResponse<String> right = web.post("/login/two-factor", "_csrf", csrf,
                    "otp", TestTotp.code(admin.secret(), server.clock()), "return_to", "/settings/security-log");
            assertThat(right.statusCode()).isEqualTo(303);
            assertThat(right.headers().firstValue("Location")).hasValue("/settings/security-log");
            assertThat(right.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith(WebSession.COOKIE + "=lks_"))
                    .anyMatch(c -> c.startsWith(WebSession.SECOND_STEP_COOKIE + "=;") && c.contains("Max-Age=0"));
            assertThat(web.get("/settings/security-log").statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_code_step_expires_after_five_minutes_and_needs_its_cookie(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            TwoFactorFixture.Enrolled admin = TwoFactorFixture.enrol(server, server.signInAdmin());
            WebClient web = new WebClient(server);
            assertThat(web.get("/login/two-factor").headers().firstValue("Location")).as("no password step").hasValue("/login");
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            String csrf = WebClient.csrfOf(web.get("/login/two-factor").body());

            server.clock().advance(Duration.ofMinutes(5));
            HttpResponse<String> late = web.post("/login/two-factor", "_csrf", csrf,
                    "otp", TestTotp.code(admin.secret(), server.clock()));

            assertThat(late.statusCode()).isEqualTo(401);
            assertThat(late.body()).contains("This sign-in took too long", "action=\"/login\"");
            WebClient forger = new WebClient(server);
            String forgedCsrf = forger.csrf("/login");
            HttpResponse<String> forged = forger.postWithCookie("/login/two-factor",
                    WebSession.SECOND_STEP_COOKIE + "=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                    "_csrf", forgedCsrf, "otp", TestTotp.code(admin.secret(), server.clock()));
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(forged.body()).contains("This sign-in took too long");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_org_policy_form_requires_two_factor_only_from_an_owner_who_has_it(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            assertThat(server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}").status()).isEqualTo(201);
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            String page = "/orgs/acme/settings/tokens";
            String csrf = web.csrf(page);

            HttpResponse<String> refused = web.post("/orgs/acme/settings/token-policy", "_csrf", csrf,
                    "require_two_factor", "true", "max_lifetime_days", "");
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("id=\"require_two_factor-error\"", "Turn on two-factor authentication");

            TwoFactorFixture.enrol(server, admin);
            HttpResponse<String> saved = web.post("/orgs/acme/settings/token-policy", "_csrf", csrf,
                    "require_two_factor", "true", "max_lifetime_days", "");
            assertThat(saved.statusCode()).isEqualTo(303);
            assertThat(server.get("/api/v1/orgs/acme/token-policy", "token " + admin).json().get("require_two_factor").asBoolean())
                    .isTrue();
            assertThat(web.get(page).body()).containsPattern("id=\"require_two_factor\"[^>]*checked");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void disabling_shows_each_error_beside_its_field(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            TwoFactorFixture.Enrolled admin = TwoFactorFixture.enrol(server, server.signInAdmin());
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            web.post("/login/two-factor", "_csrf", WebClient.csrfOf(web.get("/login/two-factor").body()),
                    "otp", admin.recoveryCodes().get(0));
            String csrf = web.csrf("/settings/security");
            String code = TestTotp.code(admin.secret(), server.clock());

            HttpResponse<String> badPassword = web.post("/settings/security/two-factor/disable", "_csrf", csrf,
                    "password", "not the password", "otp", code);
            HttpResponse<String> badCode = web.post("/settings/security/two-factor/disable", "_csrf", csrf,
                    "password", server.adminPassword(), "otp", "000000");
            HttpResponse<String> disabled = web.post("/settings/security/two-factor/disable", "_csrf", csrf,
                    "password", server.adminPassword(), "otp", code);

            assertThat(badPassword.statusCode()).isEqualTo(401);
            assertThat(badPassword.body()).contains("id=\"password-error\"", "Incorrect password.");
            assertThat(badCode.statusCode()).isEqualTo(401);
            assertThat(badCode.body()).contains("id=\"disable-otp-error\"", "Invalid two-factor code.");
            assertThat(disabled.statusCode()).isEqualTo(303);
            assertThat(web.get("/settings/security").body()).contains("not enabled");
        }
    }
}
