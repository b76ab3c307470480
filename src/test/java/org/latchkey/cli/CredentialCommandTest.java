package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey credential get|store|erase} as git runs it: a description on stdin, an answer on stdout. */
class CredentialCommandTest {

    private static final String TOKEN = "lkp_abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String WHERE = "protocol=https\nhost=git.example.com\n";

    @TempDir
    Path temp;

    private CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(temp).env(KeyStoreChoice.VARIABLE, "file");
    }

    @Test
    void get_prints_nothing_when_nothing_is_stored() {
        CliRunner.Result get = cli.runWithStdin(WHERE + "\n", "credential", "get");

        assertThat(get).isEqualTo(new CliRunner.Result(0, "", ""));
        assertThat(vault()).doesNotExist();
    }

    @Test
    void store_then_get_answers_with_the_username_and_password() {
        CliRunner.Result store = cli.runWithStdin(WHERE + "username=ada\npassword=" + TOKEN + "\n\n", "credential", "store");

        CliRunner.Result get = cli.runWithStdin(WHERE + "wwwauth[]=Basic realm=\"Latchkey\"\n\n", "credential", "get");

        assertThat(store).isEqualTo(new CliRunner.Result(0, "", ""));
        assertThat(get).isEqualTo(new CliRunner.Result(0, "username=ada\npassword=" + TOKEN + "\n", ""));
    }

    @Test
    void erase_with_the_stored_password_removes_it() {
        cli.runWithStdin(WHERE + "username=ada\npassword=" + TOKEN + "\n", "credential", "store");

        CliRunner.Result erase = cli.runWithStdin(WHERE + "username=ada\npassword=" + TOKEN + "\n", "credential", "erase");

        assertThat(erase).isEqualTo(new CliRunner.Result(0, "", ""));
        assertThat(cli.runWithStdin(WHERE, "credential", "get").out()).isEmpty();
    }

    @Test
    void malformed_input_is_one_line_on_stderr_exit_2_and_changes_nothing() throws IOException {
        cli.runWithStdin(WHERE + "username=ada\npassword=" + TOKEN + "\n", "credential", "store");
        byte[] before = Files.readAllBytes(vault());

        CliRunner.Result noEquals = cli.runWithStdin(WHERE + "username=bob\n" + TOKEN + "\n", "credential", "store");
        CliRunner.Result noHost = cli.runWithStdin("protocol=https\nusername=bob\npassword=" + TOKEN + "\n", "credential", "store");
        CliRunner.Result noPassword = cli.runWithStdin(WHERE + "username=bob\n", "credential", "store");
        CliRunner.Result eraseNoHost = cli.runWithStdin("protocol=https\n", "credential", "erase");

        assertThat(noEquals.exitCode()).isEqualTo(2);
        assertThat(noEquals.err()).isEqualTo("malformed credential description: line 4 is not key=value\n");
        assertThat(noHost.err()).isEqualTo("malformed credential description: protocol and host are required\n");
        assertThat(noPassword.err()).isEqualTo("malformed credential description: store needs a username and a password\n");
        assertThat(eraseNoHost.exitCode()).isEqualTo(2);
        assertThat(noEquals.out() + noHost.out() + noPassword.out() + eraseNoHost.out()).isEmpty();
        assertThat(noEquals.err() + noHost.err()).doesNotContain(TOKEN);
        assertThat(Files.readAllBytes(vault())).isEqualTo(before);
        assertThat(cli.runWithStdin(WHERE, "credential", "get").out()).isEqualTo("username=ada\npassword=" + TOKEN + "\n");
    }

    @Test
    void a_damaged_file_fails_get_with_one_line_that_shows_no_secret() throws IOException {
        cli.runWithStdin(WHERE + "username=ada\npassword=" + TOKEN + "\n", "credential", "store");
        Files.writeString(vault().resolveSibling(FileVaultKey.FILE_NAME), java.util.Base64.getEncoder().encodeToString(new byte[32]));

        CliRunner.Result get = cli.runWithStdin(WHERE, "credential", "get");

        assertThat(get.exitCode()).isEqualTo(1);
        assertThat(get.out()).isEmpty();
        assertThat(get.err()).hasLineCount(1).startsWith("cannot decrypt ").doesNotContain(TOKEN);
    }

    @Test
    void other_actions_are_ignored_as_the_protocol_asks() {
        assertThat(cli.runWithStdin(WHERE, "credential", "capability")).isEqualTo(new CliRunner.Result(0, "", ""));
    }

    @Test
    void the_key_store_option_is_checked() {
        CliRunner.Result result = cli.runWithStdin(WHERE + "username=a\npassword=b\n", "credential", "--key-store", "vault", "store");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("--key-store must be auto, file or keyring\n");
        assertThat(vault()).doesNotExist();
    }

    private Path vault() {
        return cli.configDir().resolve(CredentialVault.FILE_NAME);
    }
}
