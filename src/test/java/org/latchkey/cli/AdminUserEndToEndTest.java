package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.cli.OrgEndToEndTest.json;
import static org.latchkey.cli.OrgEndToEndTest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey admin user list|show|disable|enable|grant-admin|revoke-admin|delete} against a real server. */
class AdminUserEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    private static final String PASSWORD = "a long password for ivan\n";

    @TempDir
    Path temp;

    @Test
    void an_administrator_disables_enables_promotes_and_deletes_a_user_and_the_user_is_told_why() {
        CliRunner admin = SERVER.signedInAdmin(temp.resolve("admin"));
        ok(admin.runWithStdin(PASSWORD, "admin", "user", "create", "ivan", "--email", "ivan@example.com"));
        CliRunner ivan = new CliRunner(temp.resolve("ivan"));
        ok(ivan.runWithStdin(PASSWORD, "login", "--server", SERVER.url(), "--user", "ivan", "--password-stdin"));
        JsonNode token = json(ivan.run("token", "create", "--name", "ci", "--scopes", "repo", "--json"));
        CliRunner script = new CliRunner(temp.resolve("script")).env("LATCHKEY_TOKEN", token.path("token").asText())
                .env("LATCHKEY_SERVER", SERVER.url());

        CliRunner.Result listed = ok(admin.run("admin", "user", "list"));
        CliRunner.Result shown = ok(admin.run("admin", "user", "show", "IVAN"));
        CliRunner.Result disabled = ok(admin.run("admin", "user", "disable", "ivan"));
        CliRunner.Result refused = script.run("whoami");
        CliRunner.Result signIn = new CliRunner(temp.resolve("again")).runWithStdin(PASSWORD, "login", "--server",
                SERVER.url(), "--user", "ivan", "--password-stdin");
        CliRunner.Result enabled = ok(admin.run("admin", "user", "enable", "ivan"));
        CliRunner.Result works = script.run("whoami");
        CliRunner.Result sessionEnded = ivan.run("admin", "user", "list");
        ok(ivan.runWithStdin(PASSWORD, "login", "--server", SERVER.url(), "--user", "ivan", "--password-stdin"));
        CliRunner.Result notAdmin = ivan.run("admin", "user", "list");
        CliRunner.Result selfDisable = admin.run("admin", "user", "disable", "admin");
        CliRunner.Result lastAdmin = admin.run("admin", "user", "revoke-admin", "admin");
        JsonNode granted = json(admin.run("admin", "user", "grant-admin", "ivan", "--json"));
        CliRunner.Result revoked = ok(admin.run("admin", "user", "revoke-admin", "ivan"));
        CliRunner.Result unknown = admin.run("admin", "user", "show", "nobody");
        CliRunner.Result deleted = ok(admin.run("admin", "user", "delete", "ivan"));
        CliRunner.Result gone = script.run("whoami");

        assertThat(listed.out()).containsPattern("LOGIN\\s+STATE\\s+ADMIN\\s+CREATED\\s+LAST SIGN-IN\\s+LIVE TOKENS")
                .containsPattern("admin\\s+active\\s+yes").containsPattern("ivan\\s+active\\s+no\\s+.*\\s1\\n");
        assertThat(shown.out()).containsPattern("Login:?\\s+ivan").containsPattern("State:?\\s+active")
                .containsPattern("Live tokens:?\\s+1");
        assertThat(disabled.out()).startsWith("Disabled ivan.\n").containsPattern("State:?\\s+disabled");
        assertThat(refused.exitCode()).isEqualTo(4);
        assertThat(refused.err()).contains("This account is disabled").doesNotContain("Bad credentials");
        assertThat(signIn.exitCode()).isEqualTo(4);
        assertThat(signIn.err()).contains("This account is disabled");
        assertThat(enabled.out()).startsWith("Enabled ivan.\n");
        assertThat(works.exitCode()).isZero();
        assertThat(sessionEnded.exitCode()).as("disabling ended the sessions").isEqualTo(3);
        assertThat(sessionEnded.err()).contains("an administrator disabled the account");
        assertThat(notAdmin.exitCode()).isEqualTo(4);
        assertThat(selfDisable.exitCode()).isEqualTo(6);
        assertThat(selfDisable.err()).contains("cannot disable their own account");
        assertThat(lastAdmin.exitCode()).isEqualTo(6);
        assertThat(lastAdmin.err()).contains("last active administrator");
        assertThat(granted.path("site_admin").asBoolean()).isTrue();
        assertThat(revoked.out()).startsWith("Removed the administrator role from ivan.\n");
        assertThat(unknown.exitCode()).isEqualTo(5);
        assertThat(deleted.out()).isEqualTo("Deleted user ivan: 1 tokens revoked; 0 repositories and 0 packages deleted.\n");
        assertThat(gone.exitCode()).isEqualTo(3);
    }

    @Test
    void delete_with_transfer_to_gives_the_repositories_to_another_user() {
        CliRunner admin = SERVER.signedInAdmin(temp.resolve("admin"));
        ok(admin.runWithStdin("a long password for judy\n", "admin", "user", "create", "judy", "--email", "judy@example.com"));
        CliRunner judy = new CliRunner(temp.resolve("judy"));
        ok(judy.runWithStdin("a long password for judy\n", "login", "--server", SERVER.url(), "--user", "judy",
                "--password-stdin"));
        ok(judy.run("repo", "create", "notes"));

        CliRunner.Result missing = admin.run("admin", "user", "delete", "judy", "--transfer-to", "nobody");
        CliRunner.Result moved = ok(admin.run("admin", "user", "delete", "judy", "--transfer-to", "admin"));
        CliRunner.Result repos = ok(admin.run("repo", "list"));

        assertThat(missing.exitCode()).isEqualTo(6);
        assertThat(missing.err()).contains("transfer_to");
        assertThat(moved.out()).isEqualTo("Deleted user judy: 0 tokens revoked; 1 repositories and 0 packages given to admin.\n");
        assertThat(repos.out()).contains("notes");
    }
}
