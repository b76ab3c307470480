package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.latchkey.DatabaseDump;
import org.latchkey.LogCapture;
import org.latchkey.SecretScan;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.TestTotp;
import org.latchkey.TwoFactorFixture;
import org.latchkey.TwoFactorFixture.Enrolled;
import org.latchkey.store.TestDatabases.Engine;

/** Two-factor authentication over the API: enrolment, the session's "otp", replay, recovery codes, lockout, disabling. */
class TwoFactorApiTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    private static final String PASSWORD = "graces long password";

    static Enrolled enrol(TestServer server, String login) {
        String admin = server.signInAdmin();
        AuthenticationTest.createUser(server, admin, login, PASSWORD);
        return TwoFactorFixture.enrol(server, server.signIn(login, PASSWORD));
    }

    static String otp(String code) {
        return "{\"otp\":\"" + code + "\"}";
    }

    static Response signIn(TestServer server, String login, String password, String otp) {
        return server.send("POST", "/api/v1/session", null, "{\"username\":\"" + login + "\",\"password\":\"" + password + "\""
                + (otp == null ? "" : ",\"otp\":\"" + otp + "\"") + "}");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void enrolment_isPendingUntilAFirstCode_thenGivesTenRecoveryCodes(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            AuthenticationTest.createUser(server, admin, "grace", PASSWORD);
            String session = server.signIn("grace", PASSWORD);
            assertThat(server.get("/api/v1/user", "token " + session).json().get("two_factor_authentication").asBoolean()).isFalse();

            Response started = server.send("POST", "/api/v1/user/two-factor", "token " + session, null);
            String secret = started.json().get("secret").asText();
            assertThat(started.json().get("otpauth_uri").asText()).startsWith("otpauth://totp/").contains("issuer=Latchkey");
            assertThat(started.header("Cache-Control")).isEqualTo("no-store");
            assertThat(server.get("/api/v1/user/two-factor", "token " + session).json().get("pending").asBoolean()).isTrue();
            assertThat(signIn(server, "grace", PASSWORD, null).status()).as("pending does not count").isEqualTo(201);

            Response wrong = server.send("POST", "/api/v1/user/two-factor/confirm", "token " + session, otp("000000"));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.json().get("message").asText()).isEqualTo("Invalid two-factor code.");

            Response confirmed = server.send("POST", "/api/v1/user/two-factor/confirm", "token " + session,
                    otp(TestTotp.code(secret, server.clock())));
            assertThat(confirmed.status()).isEqualTo(200);
            assertThat(confirmed.json().get("recovery_codes")).hasSize(10);
            assertThat(server.get("/api/v1/user", "token " + session).json().get("two_factor_authentication").asBoolean()).isTrue();
            JsonNode status = server.get("/api/v1/user/two-factor", "token " + session).json();
            assertThat(status.get("enabled").asBoolean()).isTrue();
            assertThat(status.get("recovery_codes_remaining").asInt()).isEqualTo(10);
            assertThat(server.send("POST", "/api/v1/user/two-factor", "token " + session, null).status())
                    .as("a second enrolment needs disabling first").isEqualTo(409);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void session_withTwoFactor_needsTheCode_andSaysSoInTheOtpHeader(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            Enrolled grace = enrol(server, "grace");

            Response without = signIn(server, "grace", PASSWORD, null);
            assertThat(without.status()).isEqualTo(401);
            assertThat(without.header("X-Latchkey-OTP")).isEqualTo("required; app");
            assertThat(without.json().get("error").asText()).isEqualTo("otp_required");
            assertThat(without.json().get("message").asText()).contains("two-factor", "\"otp\"");

            Response wrongPassword = signIn(server, "grace", "not the password!", null);
            assertThat(wrongPassword.status()).isEqualTo(401);
            assertThat(wrongPassword.header("X-Latchkey-OTP")).as("only the password's holder learns a code is needed").isNull();

            Response wrongCode = signIn(server, "grace", PASSWORD, "123456");
            assertThat(wrongCode.status()).isEqualTo(401);
            assertThat(wrongCode.json().get("message").asText()).isEqualTo("Invalid two-factor code.");
            assertThat(wrongCode.json().get("error").asText()).isEqualTo("invalid_otp");

            String code = TestTotp.code(grace.secret(), server.clock());
            Response signedIn = signIn(server, "grace", PASSWORD, code);
            assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(201);
            assertThat(server.get("/api/v1/user", "token " + signedIn.json().get("token").asText()).status()).isEqualTo(200);

            Response replayed = signIn(server, "grace", PASSWORD, code);
            assertThat(replayed.status()).as("a code is accepted once").isEqualTo(401);
            assertThat(replayed.json().get("message").asText()).isEqualTo("Invalid two-factor code.");

            server.clock().advance(Duration.ofSeconds(30));
            assertThat(signIn(server, "grace", PASSWORD, TestTotp.code(grace.secret(), server.clock())).status()).isEqualTo(201);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void recoveryCode_signsInOnce_andIsAudited(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            Enrolled grace = enrol(server, "grace");
            String code = grace.recoveryCodes().get(3);

            Response first = signIn(server, "grace", PASSWORD, code.toUpperCase());
            Response again = signIn(server, "grace", PASSWORD, code);

            assertThat(first.status()).isEqualTo(201);
            assertThat(again.status()).isEqualTo(401);
            assertThat(server.get("/api/v1/user/two-factor", "token " + grace.session()).json()
                    .get("recovery_codes_remaining").asInt()).isEqualTo(9);
            Response log = server.get("/api/v1/user/audit-log", "token " + grace.session());
            assertThat(log.body()).contains("two_factor.enabled", "two_factor.recovery_code_used", "\"remaining\":\"9\"")
                    .doesNotContain(grace.secret()).doesNotContain(code);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void failedCodes_countTowardsTheAccountLockout(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            Enrolled grace = enrol(server, "grace");
            for (int i = 0; i < 10; i++) {
                assertThat(signIn(server, "grace", PASSWORD, String.format("%06d", i)).status()).isIn(401, 429);
            }

            Response locked = signIn(server, "grace", PASSWORD, TestTotp.code(grace.secret(), server.clock()));

            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.json().get("error").asText()).isEqualTo("locked_out");
            server.clock().advance(Duration.ofMinutes(16));
            assertThat(signIn(server, "grace", PASSWORD, TestTotp.code(grace.secret(), server.clock())).status()).isEqualTo(201);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void disabling_needsThePasswordAndACode(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            Enrolled grace = enrol(server, "grace");
            String auth = "token " + grace.session();
            String code = TestTotp.code(grace.secret(), server.clock());

            Response noCode = server.send("DELETE", "/api/v1/user/two-factor", auth, "{\"password\":\"" + PASSWORD + "\"}");
            Response wrongPassword = server.send("DELETE", "/api/v1/user/two-factor", auth,
                    "{\"password\":\"not the password!\",\"otp\":\"" + code + "\"}");
            Response wrongCode = server.send("DELETE", "/api/v1/user/two-factor", auth,
                    "{\"password\":\"" + PASSWORD + "\",\"otp\":\"000000\"}");
            assertThat(noCode.status()).isEqualTo(422);
            assertThat(wrongPassword.status()).isEqualTo(401);
            assertThat(wrongCode.status()).isEqualTo(401);
            assertThat(server.get("/api/v1/user", auth).json().get("two_factor_authentication").asBoolean()).isTrue();

            Response disabled = server.send("DELETE", "/api/v1/user/two-factor", auth,
                    "{\"password\":\"" + PASSWORD + "\",\"otp\":\"" + code + "\"}");

            assertThat(disabled.status()).isEqualTo(204);
            assertThat(server.get("/api/v1/user", auth).json().get("two_factor_authentication").asBoolean()).isFalse();
            assertThat(signIn(server, "grace", PASSWORD, null).status()).isEqualTo(201);
            assertThat(server.get("/api/v1/user/audit-log", auth).body()).contains("two_factor.disabled");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void regeneratedRecoveryCodes_replaceTheOldOnes(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            Enrolled grace = enrol(server, "grace");
            String auth = "token " + grace.session();

            assertThat(server.send("POST", "/api/v1/user/two-factor/recovery-codes", auth, "{\"password\":\"wrong password!\"}")
                    .status()).isEqualTo(401);
            Response regenerated = server.send("POST", "/api/v1/user/two-factor/recovery-codes", auth,
                    "{\"password\":\"" + PASSWORD + "\"}");

            assertThat(regenerated.status()).isEqualTo(200);
            String fresh = regenerated.json().get("recovery_codes").get(0).asText();
            assertThat(grace.recoveryCodes()).doesNotContain(fresh);
            assertThat(signIn(server, "grace", PASSWORD, grace.recoveryCodes().get(0)).status()).isEqualTo(401);
            assertThat(signIn(server, "grace", PASSWORD, fresh).status()).isEqualTo(201);
            assertThat(server.get("/api/v1/user/audit-log", auth).body()).contains("two_factor.recovery_codes_regenerated");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_personal_access_token_cannot_manage_two_factor(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            String pat = server.createToken(admin, "{\"name\":\"all\",\"scopes\":[\"user\",\"repo\"]}").get("token").asText();

            assertThat(server.send("POST", "/api/v1/user/two-factor", "token " + pat, null).status()).isEqualTo(403);
            assertThat(server.get("/api/v1/user", "token " + pat).json().has("two_factor_authentication")).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void neither_the_secret_nor_a_code_is_stored_in_plain_text_or_logged(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            Enrolled grace = enrol(server, "grace");
            String code = TestTotp.code(grace.secret(), server.clock());
            assertThat(signIn(server, "grace", PASSWORD, code).status()).isEqualTo(201);
            assertThat(signIn(server, "grace", PASSWORD, grace.recoveryCodes().get(0)).status()).isEqualTo(201);
            assertThat(signIn(server, "grace", PASSWORD, grace.recoveryCodes().get(0)).status()).isEqualTo(401);
            server.stop();
            String dump;
            try (Connection connection = server.connectToDatabase()) {
                dump = DatabaseDump.dump(connection);
            }

            assertThat(dump).contains("two_factor.secret_ciphertext").doesNotContain(grace.secret());
            assertThat(logs.text()).contains("audit two_factor.enabled");
            // the used six-digit code is left out: any six digits in a timestamp would match it
            List<String> secrets = new ArrayList<>(List.of(grace.secret(), PASSWORD));
            grace.recoveryCodes().forEach(recovery -> secrets.addAll(List.of(recovery, recovery.replace("-", ""))));
            SecretScan.assertClean("the database", dump, secrets);
            SecretScan.assertClean("log lines", logs.text(), secrets);
        }
    }
}
