package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.TestTotp;
import org.latchkey.TwoFactorFixture;
import org.latchkey.account.FirstAdmin;
import org.latchkey.http.PasswordApiTest;
import org.latchkey.store.TestDatabases.Engine;

/** {@code latchkey password} and {@code latchkey admin user reset-password} against a real server. */
class PasswordEndToEndTest {

    private static final String OLD = PasswordApiTest.OLD;
    private static final String NEW = PasswordApiTest.NEW;

    @TempDir
    Path temp;

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(Engine.H2);
        server.client().createUser(server.signInAdmin(), "grace", OLD);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private CliRunner loggedIn(String name, String login, String password) {
        CliRunner cli = new CliRunner(temp.resolve(name));
        CliRunner.Result login1 = cli.runWithStdin(password + "\n", "login", "--server", server.baseUrl(), "--user", login,
                "--password-stdin");
        assertThat(login1.exitCode()).as(login1.err()).isZero();
        return cli;
    }

    @Test
    void password_changes_it_keeps_this_session_and_signs_out_the_others() {
        CliRunner here = loggedIn("here", "grace", OLD);
        CliRunner elsewhere = loggedIn("elsewhere", "grace", OLD);

        CliRunner.Result changed = here.runWithStdin(OLD + "\n" + NEW + "\n", "password", "--password-stdin");

        assertThat(changed.exitCode()).as(changed.err()).isZero();
        assertThat(changed.out()).contains("Password changed.", "personal access tokens keep working");
        assertThat(changed.out() + changed.err()).doesNotContain(OLD).doesNotContain(NEW);
        assertThat(here.run("whoami").exitCode()).isZero();
        CliRunner.Result ended = elsewhere.run("whoami");
        assertThat(ended.exitCode()).isEqualTo(3);
        assertThat(ended.err()).contains("run latchkey login again");
        assertThat(PasswordApiTest.signIn(server, "grace", NEW)).isEqualTo(201);
    }

    @Test
    void a_weak_or_wrong_password_is_refused_with_the_rule_and_nothing_changes() {
        CliRunner cli = loggedIn("cli", "grace", OLD);

        CliRunner.Result weak = cli.runWithStdin(OLD + "\nshort\n", "password", "--password-stdin");
        CliRunner.Result wrong = cli.runWithStdin("not my password\n" + NEW + "\n", "password", "--password-stdin");
        CliRunner.Result noTerminal = cli.run("password");

        assertThat(weak.exitCode()).isEqualTo(6);
        assertThat(weak.err()).contains("new_password: must be between 12 and 1024 characters");
        assertThat(wrong.exitCode()).isEqualTo(6);
        assertThat(wrong.err()).contains("current_password: is not your current password");
        assertThat(noTerminal.exitCode()).isNotZero();
        assertThat(noTerminal.err()).contains("--password-stdin");
        assertThat(weak.err() + wrong.err()).doesNotContain(OLD);
        assertThat(PasswordApiTest.signIn(server, "grace", OLD)).isEqualTo(201);
    }

    @Test
    void with_two_factor_on_the_code_is_read_from_the_third_line() {
        TwoFactorFixture.Enrolled grace = TwoFactorFixture.enrol(server, server.signIn("grace", OLD));
        CliRunner cli = new CliRunner(temp.resolve("cli"));
        assertThat(cli.runWithStdin(OLD + "\n" + grace.recoveryCodes().get(0) + "\n", "login", "--server", server.baseUrl(),
                "--user", "grace", "--password-stdin").exitCode()).isZero();

        CliRunner.Result noCode = cli.runWithStdin(OLD + "\n" + NEW + "\n", "password", "--password-stdin");
        CliRunner.Result wrongCode = cli.runWithStdin(OLD + "\n" + NEW + "\n", "password", "--password-stdin", "--otp", "000000");
        String code = TestTotp.code(grace.secret(), server.clock());
        CliRunner.Result changed = cli.runWithStdin(OLD + "\n" + NEW + "\n" + code + "\n", "password", "--password-stdin");

        assertThat(noCode.exitCode()).isNotZero();
        assertThat(noCode.err()).contains("two-factor code");
        assertThat(wrongCode.exitCode()).isEqualTo(3);
        assertThat(wrongCode.err()).contains("Invalid two-factor code; nothing was changed.").doesNotContain("login again");
        assertThat(changed.exitCode()).as(changed.err()).isZero();
        assertThat(changed.out()).contains("Password changed.");
    }

    @Test
    void admin_user_reset_password_prints_the_code_once_and_the_old_password_stops() {
        CliRunner admin = loggedIn("admin", FirstAdmin.LOGIN, server.adminPassword());
        CliRunner grace = loggedIn("grace", "grace", OLD);

        CliRunner.Result reset = admin.run("admin", "user", "reset-password", "grace");

        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(reset.out()).containsPattern("Reset code \\(shown only this once\\): [0-9a-z]{4}(-[0-9a-z]{4}){6}")
                .contains(server.baseUrl() + "/password-reset");
        assertThat(PasswordApiTest.signIn(server, "grace", OLD)).isEqualTo(401);
        assertThat(grace.run("whoami").exitCode()).as("the session ended").isEqualTo(3);
        CliRunner.Result byUser = grace.run("admin", "user", "reset-password", "admin");
        assertThat(byUser.exitCode()).isNotZero();
        CliRunner.Result unknown = admin.run("admin", "user", "reset-password", "nobody");
        assertThat(unknown.exitCode()).isEqualTo(5);
        CliRunner.Result own = admin.run("admin", "user", "reset-password", "admin");
        assertThat(own.exitCode()).isEqualTo(6);
        assertThat(own.err()).contains("latchkey password");
        CliRunner.Result json = admin.run("admin", "user", "reset-password", "grace", "--json");
        assertThat(json.out()).contains("\"reset_code\"", "\"expires_at\"");
    }
}
