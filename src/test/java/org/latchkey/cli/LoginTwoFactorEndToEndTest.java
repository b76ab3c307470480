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
import org.latchkey.TwoFactorFixture.Enrolled;
import org.latchkey.store.TestDatabases.Engine;

/** {@code latchkey login} for an account with two-factor authentication, against a real server on a clock the test moves. */
class LoginTwoFactorEndToEndTest {

    private static final String PASSWORD = "graces long password";

    @TempDir
    Path temp;

    private TestServer server;
    private Enrolled grace;

    @BeforeEach
    void start() {
        server = TestServer.start(Engine.H2);
        server.client().createUser(server.signInAdmin(), "grace", PASSWORD);
        grace = TwoFactorFixture.enrol(server, server.signIn("grace", PASSWORD));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void login_reads_the_code_from_the_line_after_the_password() {
        CliRunner cli = new CliRunner(temp);
        String code = TestTotp.code(grace.secret(), server.clock());

        CliRunner.Result login = cli.runWithStdin(PASSWORD + "\n" + code + "\n", "login", "--server", server.baseUrl(),
                "--user", "grace", "--password-stdin");

        assertThat(login.exitCode()).as(login.err()).isZero();
        assertThat(login.out()).startsWith("Logged in to " + server.baseUrl() + " as grace");
        assertThat(login.out() + login.err()).doesNotContain(code).doesNotContain(PASSWORD);
        assertThat(cli.run("whoami").out()).contains("grace");
    }

    @Test
    void login_without_a_code_says_how_to_give_one() {
        CliRunner cli = new CliRunner(temp);

        CliRunner.Result noLine = cli.runWithStdin(PASSWORD + "\n", "login", "--server", server.baseUrl(),
                "--user", "grace", "--password-stdin");

        assertThat(noLine.exitCode()).isEqualTo(2);
        assertThat(noLine.err()).contains("expected the two-factor code on the line after the password, or give it with --otp");
        assertThat(cli.run("whoami").exitCode()).as("not logged in").isNotZero();
    }

    @Test
    void login_with_otp_accepts_a_code_once_and_a_recovery_code_once() {
        CliRunner cli = new CliRunner(temp);
        String code = TestTotp.code(grace.secret(), server.clock());
        String recovery = grace.recoveryCodes().get(0);

        CliRunner.Result first = login(cli, "--otp", code);
        CliRunner.Result replayed = login(cli, "--otp", code);
        CliRunner.Result wrong = login(cli, "--otp", "000000");
        CliRunner.Result withRecovery = login(cli, "--otp", recovery);
        CliRunner.Result recoveryAgain = login(cli, "--otp", recovery);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(replayed.exitCode()).isEqualTo(3);
        assertThat(replayed.err()).contains("Invalid two-factor code.");
        assertThat(wrong.exitCode()).isEqualTo(3);
        assertThat(withRecovery.exitCode()).as(withRecovery.err()).isZero();
        assertThat(recoveryAgain.exitCode()).isEqualTo(3);
    }

    @Test
    void org_policy_set_requires_two_factor_for_members() {
        CliRunner owner = new CliRunner(temp);
        assertThat(login(owner, "--otp", TestTotp.code(grace.secret(), server.clock())).exitCode()).isZero();
        assertThat(owner.run("org", "create", "acme").exitCode()).isZero();

        CliRunner.Result set = owner.run("org", "policy", "set", "acme", "--require-two-factor", "true");
        CliRunner.Result shown = owner.run("org", "policy", "acme", "--json");

        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).containsPattern("Require two-factor:\\s+true");
        assertThat(shown.out()).contains("\"require_two_factor\" : true");
    }

    private CliRunner.Result login(CliRunner cli, String... extra) {
        String[] args = new String[6 + extra.length];
        System.arraycopy(new String[] {"login", "--server", server.baseUrl(), "--user", "grace", "--password-stdin"}, 0, args, 0, 6);
        System.arraycopy(extra, 0, args, 6, extra.length);
        return cli.runWithStdin(PASSWORD + "\n", args);
    }
}
