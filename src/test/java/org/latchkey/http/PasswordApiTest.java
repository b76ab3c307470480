package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.DatabaseDump;
import org.latchkey.LogCapture;
import org.latchkey.SecretScan;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.TestTotp;
import org.latchkey.TwoFactorFixture;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;

/** {@code PUT /api/v1/user/password} over HTTP on both engines: sudo-style checks, the rules, sessions ended, tokens kept. */
public class PasswordApiTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    public static final String OLD = "graces long password";
    public static final String NEW = "a brand new passphrase";

    public static Response change(TestServer server, String session, String current, String next, String otp) {
        return server.send("PUT", "/api/v1/user/password", "token " + session, "{\"current_password\":\"" + current
                + "\",\"new_password\":\"" + next + "\"" + (otp == null ? "" : ",\"otp\":\"" + otp + "\"") + "}");
    }

    public static int signIn(TestServer server, String login, String password) {
        return TwoFactorApiTest.signIn(server, login, password, null).status();
    }

    public static List<String> actions(TestServer server, String session) {
        List<String> actions = new ArrayList<>();
        server.get("/api/v1/user/audit-log?per_page=100", "token " + session).json()
                .forEach(event -> actions.add(event.get("action").asText()));
        return actions;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_change_keeps_this_session_ends_every_other_one_and_leaves_tokens_valid(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            AuthenticationTest.createUser(server, server.signInAdmin(), "grace", OLD);
            String here = server.signIn("grace", OLD);
            String elsewhere = server.signIn("grace", OLD);
            String pat = server.createToken(here, "{\"name\":\"ci\",\"scopes\":[\"repo\"]}").get("token").asText();
            assertThat(server.get("/api/v1/user", "token " + elsewhere).status()).isEqualTo(200);

            Response changed = change(server, here, OLD, NEW, null);

            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(changed.json().get("message").asText()).contains("personal access tokens keep working");
            assertThat(changed.json().get("other_sessions_ended").asBoolean()).isTrue();
            assertThat(server.get("/api/v1/user", "token " + here).status()).as("this session stays").isEqualTo(200);
            Response ended = server.get("/api/v1/user", "token " + elsewhere);
            assertThat(ended.status()).as("the other session ended at once").isEqualTo(401);
            assertThat(server.get("/api/v1/user", "token " + pat).status()).as("tokens stay valid").isEqualTo(200);
            assertThat(signIn(server, "grace", OLD)).isEqualTo(401);
            assertThat(signIn(server, "GRACE", NEW)).isEqualTo(201);
            assertThat(actions(server, here)).contains("user.password_changed", "security.alert");
            JsonNode alerts = server.get("/api/v1/user/security-alerts", "token " + here).json();
            assertThat(alerts.toString()).contains("password_changed").doesNotContain(NEW).doesNotContain(OLD);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void weak_same_or_missing_new_passwords_are_refused_naming_the_rule_and_nothing_changes(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            AuthenticationTest.createUser(server, server.signInAdmin(), "grace", OLD);
            String session = server.signIn("grace", OLD);

            Response weak = change(server, session, OLD, "short", null);
            Response same = change(server, session, OLD, OLD, null);
            Response missing = server.send("PUT", "/api/v1/user/password", "token " + session,
                    "{\"current_password\":\"" + OLD + "\"}");
            Response noCurrent = server.send("PUT", "/api/v1/user/password", "token " + session,
                    "{\"new_password\":\"" + NEW + "\"}");
            Response notJson = server.send("PUT", "/api/v1/user/password", "token " + session, "current=" + OLD);
            Response huge = change(server, session, OLD, "x".repeat(1025), null);

            assertThat(weak.status()).isEqualTo(422);
            assertThat(weak.json().get("field").asText()).isEqualTo("new_password");
            assertThat(weak.json().get("message").asText()).isEqualTo("new_password: must be between 12 and 1024 characters");
            assertThat(same.status()).isEqualTo(422);
            assertThat(same.json().get("message").asText()).isEqualTo("new_password: must differ from your current password");
            assertThat(missing.status()).isEqualTo(422);
            assertThat(missing.json().get("field").asText()).isEqualTo("new_password");
            assertThat(noCurrent.json().get("field").asText()).isEqualTo("current_password");
            assertThat(notJson.status()).isEqualTo(400);
            assertThat(huge.status()).isEqualTo(422);
            assertThat(weak.body() + same.body() + missing.body() + noCurrent.body() + notJson.body()).doesNotContain(OLD);
            assertThat(signIn(server, "grace", OLD)).as("unchanged").isEqualTo(201);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void wrong_current_passwords_count_towards_the_sign_in_lockout(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            AuthenticationTest.createUser(server, server.signInAdmin(), "grace", OLD);
            String session = server.signIn("grace", OLD);

            for (int i = 0; i < 10; i++) {
                Response wrong = change(server, session, "guess number " + i, NEW, null);
                assertThat(wrong.status()).isEqualTo(422);
                assertThat(wrong.json().get("message").asText()).isEqualTo("current_password: is not your current password");
            }
            Response locked = change(server, session, OLD, NEW, null);

            assertThat(locked.status()).as("even the right password, once locked").isEqualTo(429);
            assertThat(locked.json().get("error").asText()).isEqualTo("locked_out");
            assertThat(locked.header("Retry-After")).isNotNull();
            assertThat(signIn(server, "grace", OLD)).as("the sign-in lockout is the same one").isEqualTo(429);
            assertThat(actions(server, session)).contains("session.failed", "login.locked_out");
            server.clock().advance(Duration.ofMinutes(16));
            assertThat(change(server, session, OLD, NEW, null).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void with_two_factor_on_a_code_is_needed_and_a_wrong_one_is_refused(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            AuthenticationTest.createUser(server, server.signInAdmin(), "grace", OLD);
            TwoFactorFixture.Enrolled grace = TwoFactorFixture.enrol(server, server.signIn("grace", OLD));

            Response without = change(server, grace.session(), OLD, NEW, null);
            Response wrong = change(server, grace.session(), OLD, NEW, "000000");
            Response right = change(server, grace.session(), OLD, NEW, TestTotp.code(grace.secret(), server.clock()));

            assertThat(without.status()).isEqualTo(401);
            assertThat(without.json().get("error").asText()).isEqualTo("otp_required");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_otp");
            assertThat(right.status()).as(right.body()).isEqualTo(200);
            assertThat(server.get("/api/v1/user", "token " + grace.session()).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_token_cannot_change_the_password_and_nothing_secret_is_stored_or_logged(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            AuthenticationTest.createUser(server, server.signInAdmin(), "grace", OLD);
            String session = server.signIn("grace", OLD);
            String pat = server.createToken(session, "{\"name\":\"all\",\"scopes\":[\"user\",\"repo\"]}").get("token").asText();

            Response byToken = change(server, pat, OLD, NEW, null);
            Response anonymous = server.send("PUT", "/api/v1/user/password", null, "{}");
            assertThat(change(server, session, OLD, NEW, null).status()).isEqualTo(200);

            assertThat(byToken.status()).isEqualTo(403);
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(signIn(server, "grace", NEW)).isEqualTo(201);
            server.stop();
            String dump;
            try (Connection connection = server.connectToDatabase()) {
                dump = DatabaseDump.dump(connection);
            }
            SecretScan.assertClean("the database", dump, List.of(OLD, NEW));
            SecretScan.assertClean("log lines", logs.text(), List.of(OLD, NEW));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void changing_the_generated_admin_password_deletes_its_file_and_says_so(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String generated = server.adminPassword();
            String session = server.signInAdmin();
            java.nio.file.Path file = server.dataDir().resolve(FirstAdmin.PASSWORD_FILE);
            assertThat(change(server, session, generated, "x", null).status()).isEqualTo(422);
            assertThat(file).exists();

            assertThat(change(server, session, generated, NEW, null).status()).isEqualTo(200);

            assertThat(Files.exists(file)).isFalse();
            assertThat(logs.text()).contains("The initial administrator password is no longer in use; deleted")
                    .doesNotContain(generated);
            assertThat(signIn(server, FirstAdmin.LOGIN, NEW)).isEqualTo(201);
        }
    }
}
