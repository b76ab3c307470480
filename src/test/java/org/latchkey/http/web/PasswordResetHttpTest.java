package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.DatabaseDump;
import org.latchkey.LogCapture;
import org.latchkey.SecretScan;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.http.PasswordApiTest;
import org.latchkey.notice.SmtpSettings;
import org.latchkey.notice.SmtpTls;
import org.latchkey.store.TestDatabases.Engine;

/**
 * An administrator's password reset over HTTP on both engines: the code shown once, the old password
 * and every session stopped at once, the code redeemed once on the public {@code /password-reset}
 * page within its hour, refusals that never tell whether a login exists, throttled per address.
 */
class PasswordResetHttpTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    private static final String OLD = PasswordApiTest.OLD;
    private static final String NEW = PasswordApiTest.NEW;
    private static final String CODE_SHAPE = "[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){6}";
    private static final String NOT_ACCEPTED = "That user name and reset code do not match a pending password reset";

    static Response reset(TestServer server, String adminSession, String login) {
        return server.send("POST", "/api/v1/admin/users/" + login + "/password-reset", "token " + adminSession, null);
    }

    static HttpResponse<String> redeem(WebClient web, String login, String code, String next, String again) {
        return web.post("/password-reset", "_csrf", web.csrf("/password-reset"), "login", login, "code", code,
                "new_password", next, "new_password_confirmation", again);
    }

    private static String grace(TestServer server, String admin) {
        server.client().createUser(admin, "grace", OLD);
        return server.signIn("grace", OLD);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_reset_stops_the_old_password_and_every_session_at_once_and_its_code_sets_a_new_one_once(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            String session = grace(server, admin);
            String pat = server.createToken(session, "{\"name\":\"ci\",\"scopes\":[\"repo\"]}").get("token").asText();

            Response issued = reset(server, admin, "Grace");

            assertThat(issued.status()).as(issued.body()).isEqualTo(201);
            assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
            JsonNode body = issued.json();
            String code = body.get("reset_code").asText();
            assertThat(code).matches(CODE_SHAPE);
            assertThat(body.get("login").asText()).isEqualTo("grace");
            assertThat(body.get("emailed").asBoolean()).isFalse();
            assertThat(body.get("reset_page").asText()).isEqualTo("/password-reset");
            assertThat(server.get("/api/v1/user", "token " + session).status()).as("sessions end at once").isEqualTo(401);
            assertThat(PasswordApiTest.signIn(server, "grace", OLD)).as("the old password stops").isEqualTo(401);
            assertThat(server.get("/api/v1/user", "token " + pat).status()).as("tokens keep working").isEqualTo(200);

            WebClient web = new WebClient(server);
            HttpResponse<String> done = redeem(web, "GRACE", code.toUpperCase(java.util.Locale.ROOT), NEW, NEW);

            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            assertThat(done.body()).contains("Your new password is set", "href=\"/login\"");
            assertThat(PasswordApiTest.signIn(server, "grace", NEW)).isEqualTo(201);
            HttpResponse<String> again = redeem(web, "grace", code, "yet another passphrase", "yet another passphrase");
            assertThat(again.statusCode()).as("a code works once").isEqualTo(401);
            assertThat(again.body()).contains(NOT_ACCEPTED);
            assertThat(PasswordApiTest.signIn(server, "grace", NEW)).isEqualTo(201);

            String graceSession = server.signIn("grace", NEW);
            assertThat(PasswordApiTest.actions(server, graceSession))
                    .contains("user.password_reset_issued", "user.password_reset_redeemed", "security.alert");
            assertThat(PasswordApiTest.actions(server, admin)).contains("user.password_reset_issued");
            assertThat(server.get("/api/v1/user/security-alerts", "token " + graceSession).body())
                    .contains("password_reset").doesNotContain(code);
            server.stop();
            String dump;
            try (Connection connection = server.connectToDatabase()) {
                dump = DatabaseDump.dump(connection);
            }
            List<String> secrets = List.of(code, code.replace("-", ""), OLD, NEW);
            SecretScan.assertClean("the database", dump, secrets);
            SecretScan.assertClean("log lines", logs.text(), secrets);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_code_expires_after_an_hour_and_a_new_code_replaces_the_old_one(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            grace(server, admin);
            WebClient web = new WebClient(server);
            String first = reset(server, admin, "grace").json().get("reset_code").asText();
            String second = reset(server, admin, "grace").json().get("reset_code").asText();

            assertThat(second).isNotEqualTo(first);
            assertThat(redeem(web, "grace", first, NEW, NEW).statusCode()).as("replaced").isEqualTo(401);
            server.clock().advance(Duration.ofMinutes(61));
            HttpResponse<String> expired = redeem(web, "grace", second, NEW, NEW);
            assertThat(expired.statusCode()).as("expired").isEqualTo(401);
            assertThat(expired.body()).contains(NOT_ACCEPTED);

            String third = reset(server, admin, "grace").json().get("reset_code").asText();
            server.clock().advance(Duration.ofMinutes(59));
            assertThat(redeem(web, "grace", third, NEW, NEW).statusCode()).isEqualTo(200);
            assertThat(PasswordApiTest.signIn(server, "grace", NEW)).isEqualTo(201);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void refusals_do_not_tell_whether_the_login_exists_name_the_rule_and_are_throttled_per_address(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            grace(server, admin);
            String code = reset(server, admin, "grace").json().get("reset_code").asText();
            WebClient web = new WebClient(server);

            HttpResponse<String> unknown = redeem(web, "nobody", code, NEW, NEW);
            HttpResponse<String> otherUser = redeem(web, "admin", code, NEW, NEW);
            HttpResponse<String> wrongCode = redeem(web, "grace", "abcd-efgh-jkmn-pqrs-tvwx-yz01-2345", NEW, NEW);
            HttpResponse<String> weak = redeem(web, "grace", code, "short", "short");
            HttpResponse<String> differ = redeem(web, "grace", code, NEW, NEW + "!");
            HttpResponse<String> noCsrf = web.post("/password-reset", "login", "grace", "code", code,
                    "new_password", NEW, "new_password_confirmation", NEW);

            assertThat(unknown.statusCode()).isEqualTo(wrongCode.statusCode()).isEqualTo(otherUser.statusCode()).isEqualTo(401);
            assertThat(error(otherUser.body())).as("a code is the user's own").isEqualTo(error(unknown.body()));
            assertThat(error(unknown.body())).isEqualTo(error(wrongCode.body())).contains(NOT_ACCEPTED);
            assertThat(weak.statusCode()).isEqualTo(422);
            assertThat(weak.body()).contains("new_password: must be between 12 and 1024 characters");
            assertThat(differ.statusCode()).isEqualTo(422);
            assertThat(differ.body()).contains("The two new passwords differ.");
            assertThat(noCsrf.statusCode()).isEqualTo(403);
            assertThat(redeem(web, "grace", code, NEW, NEW).statusCode()).as("refusals did not use the code").isEqualTo(200);

            HttpResponse<String> last = null;
            for (int i = 0; i < 30; i++) {
                last = redeem(web, "someone" + i, "abcd-efgh-jkmn-pqrs-tvwx-yz01-2345", NEW, NEW);
            }
            assertThat(last.statusCode()).as("the address is locked out like a guessing sign-in").isEqualTo(429);
            assertThat(last.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void only_an_administrators_session_resets_and_never_its_own_password(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            String grace = grace(server, admin);
            String adminToken = server.createToken(admin, "{\"name\":\"all\",\"scopes\":[\"repo\",\"user\"]}")
                    .get("token").asText();

            assertThat(reset(server, grace, "admin").status()).isEqualTo(403);
            assertThat(reset(server, adminToken, "grace").status()).isEqualTo(403);
            assertThat(server.send("POST", "/api/v1/admin/users/grace/password-reset", null, null).status()).isEqualTo(401);
            assertThat(reset(server, admin, "nobody").status()).isEqualTo(404);
            assertThat(reset(server, admin, "..%2Fgrace").status()).isEqualTo(404);
            Response own = reset(server, admin, "admin");
            assertThat(own.status()).isEqualTo(409);
            assertThat(own.json().get("message").asText()).contains("latchkey password");
            assertThat(server.get("/api/v1/user", "token " + grace).status()).as("refusals changed nothing").isEqualTo(200);
        }
    }

    @Test
    void with_smtp_the_code_is_emailed_to_the_user_and_the_answer_says_so() throws Exception {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withSmtp(new SmtpSettings("127.0.0.1",
                mail.getSmtp().getPort(), null, null, "latchkey@example.com", SmtpTls.NONE, Duration.ofSeconds(5))))) {
            String admin = server.signInAdmin();
            grace(server, admin);

            JsonNode issued = reset(server, admin, "grace").json();

            assertThat(issued.get("emailed").asBoolean()).isTrue();
            String code = issued.get("reset_code").asText();
            MimeMessage sent = java.util.Arrays.stream(mail.getReceivedMessages())
                    .filter(message -> GreenMailUtil.getBody(message).contains(code)).findFirst().orElseThrow();
            assertThat(sent.getAllRecipients()[0].toString()).isEqualTo("grace@example.com");
            assertThat(sent.getSubject()).isEqualTo("Your Latchkey password was reset");
            assertThat(GreenMailUtil.getBody(sent)).contains("/password-reset");
            assertThat(mail.waitForIncomingEmail(10_000, 2)).as("and the security alert's notice").isTrue();
            MimeMessage alert = java.util.Arrays.stream(mail.getReceivedMessages())
                    .filter(message -> !GreenMailUtil.getBody(message).contains(code)).findFirst().orElseThrow();
            assertThat(alert.getSubject()).isEqualTo("Security alert: Your password was reset");
            assertThat(GreenMailUtil.getBody(alert)).contains("The administrator admin reset the password of grace");
            assertThat(logs.text()).doesNotContain(code);
        } finally {
            mail.stop();
        }
    }

    private static String error(String page) {
        int start = page.indexOf("id=\"password-reset-error\"");
        return start < 0 ? "" : page.substring(start, page.indexOf("</div>", start));
    }
}
