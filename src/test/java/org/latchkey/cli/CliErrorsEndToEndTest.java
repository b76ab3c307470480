package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Each refusal of the real server is one line on stderr and its exit code. */
class CliErrorsEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @TempDir
    Path temp;

    private CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(temp).env("LATCHKEY_SERVER", SERVER.url());
    }

    @Test
    void a_wrong_password_is_exit_3() {
        CliRunner.Result result = cli.runWithStdin("wrong\n", "login", "--user", "nobody", "--password-stdin");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).hasLineCount(1).doesNotContain("wrong");
        assertThat(new ConfigStore(cli.configDir()).load()).isEqualTo(CliConfig.EMPTY);
    }

    @Test
    void not_logged_in_is_exit_3_and_suggests_login() {
        CliRunner.Result result = cli.run("token", "list");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).hasLineCount(1).contains("run latchkey login");
    }

    @Test
    void an_unknown_token_is_exit_5() {
        login();

        CliRunner.Result result = cli.run("token", "show", "987654");

        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.err()).hasLineCount(1);
    }

    @Test
    void an_unknown_scope_is_exit_6_naming_it() {
        login();

        CliRunner.Result result = cli.run("token", "create", "--name", "x", "--scopes", "repo,admin:everything");

        assertThat(result.exitCode()).isEqualTo(6);
        assertThat(result.err()).hasLineCount(1).contains("admin:everything");
    }

    @Test
    void a_duplicate_live_name_is_exit_6() {
        login();
        assertThat(cli.run("token", "create", "--name", "twice").exitCode()).isZero();

        CliRunner.Result result = cli.run("token", "create", "--name", "twice");

        assertThat(result.exitCode()).isEqualTo(6);
        assertThat(result.err()).hasLineCount(1);
    }

    @Test
    void a_token_without_the_needed_scope_or_kind_is_exit_4() {
        login();
        String secret = cli.run("token", "create", "--name", "narrow", "--scopes", "repo").out().lines()
                .filter(line -> line.startsWith("lkp_")).findFirst().orElseThrow();
        cli.env("LATCHKEY_TOKEN", secret);

        CliRunner.Result rotate = cli.run("token", "rotate");
        CliRunner.Result audit = cli.run("audit");
        CliRunner.Result deleteRepo = cli.run("repo", "delete", "admin/nothing-here");

        assertThat(rotate.exitCode()).isEqualTo(4);
        assertThat(rotate.err()).hasLineCount(1).contains("self_rotate").contains("LATCHKEY_TOKEN");
        assertThat(audit.exitCode()).isEqualTo(4);
        assertThat(audit.err()).hasLineCount(1).contains("read:audit_log");
        assertThat(deleteRepo.exitCode()).isEqualTo(5);
        assertThat(rotate.err() + audit.err() + deleteRepo.err()).doesNotContain(secret);
    }

    @Test
    void a_malformed_token_is_exit_3() {
        CliRunner.Result result = cli.env("LATCHKEY_TOKEN", "lkp_not-a-real-token").run("whoami");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).hasLineCount(1);
    }

    private void login() {
        CliRunner.Result login = cli.runWithStdin(SERVER.adminPassword() + "\n", "login", "--user", "admin", "--password-stdin");
        assertThat(login.exitCode()).as(login.err()).isZero();
    }
}
