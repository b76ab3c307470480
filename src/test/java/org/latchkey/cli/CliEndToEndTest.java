package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a real server: the user guide's token life cycle from login to logout. */
class CliEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @TempDir
    Path temp;

    private CliRunner cli;

    @BeforeEach
    void loginAsAdmin() {
        cli = SERVER.signedInAdmin(temp);
    }

    @Test
    void login_stores_the_session_privately_and_never_prints_it() throws IOException {
        Path config = cli.configDir().resolve(ConfigStore.FILE_NAME);
        String session = new ConfigStore(cli.configDir()).load().token();

        assertThat(session).startsWith("lks_");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.configDir()))).isEqualTo("rwx------");
        CliRunner.Result again = cli.runWithStdin(SERVER.adminPassword() + "\n", "login", "--password-stdin");
        assertThat(again.out()).startsWith("Logged in to " + SERVER.url() + " as admin").doesNotContain("lks_");
    }

    @Test
    void a_created_token_authenticates_until_it_is_revoked() {
        JsonNode created = json(cli.run("token", "create", "--name", "deploy", "--scopes", "repo,workflow",
                "--expires", "30d", "--description", "CI deploys", "--json"));
        String secret = created.path("token").asText();
        String id = created.path("id").asText();
        assertThat(secret).startsWith("lkp_");

        CliRunner.Result whoami = cli.env("LATCHKEY_TOKEN", secret).run("whoami");
        assertThat(whoami.exitCode()).as(whoami.err()).isZero();
        assertThat(whoami.out()).contains("Login:          admin").contains("Token scopes:   repo, workflow")
                .doesNotContain("Token expires:  never");
        cli.env("LATCHKEY_TOKEN", null);

        assertThat(cli.run("token", "list").out()).containsPattern(id + "\\s+deploy\\s+classic\\s+repo, workflow\\s+.*\\s+active");
        assertThat(cli.run("token", "show", id).out()).contains("Description:     CI deploys").contains("State:           active");
        assertThat(cli.run("token", "revoke", id).out()).isEqualTo("Token " + id + " revoked.\n");

        CliRunner.Result refused = cli.env("LATCHKEY_TOKEN", secret).run("whoami");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).hasLineCount(1).contains("revoked").doesNotContain(secret);
        cli.env("LATCHKEY_TOKEN", null);
        assertThat(cli.run("token", "list").out()).doesNotContain("deploy");
        assertThat(cli.run("token", "list", "--all").out()).containsPattern(id + "\\s+deploy.*revoked");
    }

    @Test
    void creating_shows_the_secret_once_with_the_warning() {
        String nextYear = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusYears(1).toString();

        CliRunner.Result created = cli.run("token", "create", "--name", "laptop", "--scopes", "repo", "--expires", nextYear);

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).startsWith(TokenView.COPY_WARNING).containsPattern("\nlkp_[0-9A-Za-z]{36}\n")
                .contains("Expires:  " + nextYear + " 00:00 UTC");
        assertThat(cli.run("token", "list").out()).doesNotContainPattern("lkp_[0-9A-Za-z]{36}");
    }

    @Test
    void regenerate_replaces_the_secret_and_the_old_one_stops_working() {
        JsonNode created = json(cli.run("token", "create", "--name", "regen", "--scopes", "repo", "--json"));
        String id = created.path("id").asText();

        CliRunner.Result regenerated = cli.run("token", "regenerate", id, "--scopes", "repo,write:packages", "--expires", "7d");

        assertThat(regenerated.exitCode()).as(regenerated.err()).isZero();
        assertThat(regenerated.out()).startsWith(TokenView.COPY_WARNING).contains("repo, write:packages");
        String fresh = regenerated.out().lines().filter(line -> line.startsWith("lkp_")).findFirst().orElseThrow();
        assertThat(cli.env("LATCHKEY_TOKEN", fresh).run("whoami").exitCode()).isZero();
        assertThat(cli.env("LATCHKEY_TOKEN", created.path("token").asText()).run("whoami").exitCode()).isEqualTo(3);
    }

    @Test
    void rotate_prints_only_the_new_secret_of_a_self_rotating_token() {
        String old = json(cli.run("token", "create", "--name", "ci-bot", "--scopes", "repo,self_rotate", "--json"))
                .path("token").asText();

        CliRunner.Result rotated = cli.env("LATCHKEY_TOKEN", old).run("token", "rotate");

        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        assertThat(rotated.out()).matches("lkp_[0-9A-Za-z]{36}\n");
        assertThat(cli.env("LATCHKEY_TOKEN", rotated.out().strip()).run("whoami").out()).contains("repo, self_rotate");
        assertThat(cli.env("LATCHKEY_TOKEN", old).run("whoami").exitCode()).isEqualTo(3);
    }

    @Test
    void delete_removes_the_token_from_every_list() {
        String id = json(cli.run("token", "create", "--name", "doomed", "--json")).path("id").asText();

        assertThat(cli.run("token", "delete", id).out()).isEqualTo("Token " + id + " deleted.\n");

        assertThat(cli.run("token", "list", "--all").out()).doesNotContain("doomed");
        assertThat(cli.run("token", "show", id).exitCode()).isEqualTo(5);
    }

    @Test
    void audit_shows_what_happened_to_tokens() {
        String id = json(cli.run("token", "create", "--name", "audited token", "--json")).path("id").asText();
        cli.run("token", "revoke", id);

        CliRunner.Result audit = cli.run("audit", "--limit", "5");

        assertThat(audit.exitCode()).as(audit.err()).isZero();
        assertThat(audit.out()).startsWith("TIME").contains("admin").contains(id)
                .as("the details as the web security log shows them").contains("name=\"audited token\"");
        assertThat(json(cli.run("audit", "--limit", "2", "--json"))).hasSize(2);
    }

    @Test
    void an_admin_checks_the_audit_logs_hash_chain() {
        cli.run("token", "create", "--name", "chained");

        CliRunner.Result verified = cli.run("admin", "audit-verify");
        CliRunner.Result asJson = cli.run("admin", "audit-verify", "--json");

        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).startsWith("The audit log is intact: ").contains(" events chained");
        assertThat(json(asJson).path("intact").asBoolean()).isTrue();
    }

    @Test
    void an_admin_creates_a_user_who_can_then_log_in() {
        CliRunner.Result created = cli.runWithStdin("grace-password-1\n", "admin", "user", "create", "grace", "--email", "grace@example.com");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("Created user grace (id ");

        CliRunner grace = new CliRunner(temp.resolve("grace"));
        assertThat(grace.runWithStdin("grace-password-1\n", "login", "--server", SERVER.url(), "--user", "grace", "--password-stdin")
                .exitCode()).isZero();
        assertThat(grace.run("whoami").out()).contains("Login:          grace").contains("grace@example.com");

        CliRunner.Result notAdmin = grace.runWithStdin("x-password-1\n", "admin", "user", "create", "x", "--email", "x@example.com");
        assertThat(notAdmin.exitCode()).isEqualTo(4);
        assertThat(notAdmin.err()).hasLineCount(1);
    }

    @Test
    void session_only_commands_use_the_session_while_latchkey_token_is_set() {
        String secret = json(cli.run("token", "create", "--name", "ci", "--scopes", "repo", "--json")).path("token").asText();
        cli.env("LATCHKEY_TOKEN", secret);

        CliRunner.Result create = cli.run("token", "create", "--name", "another", "--scopes", "repo");
        CliRunner.Result list = cli.run("token", "list");
        CliRunner.Result user = cli.runWithStdin("henry-password-1\n", "admin", "user", "create", "henry", "--email", "h@example.com");
        CliRunner.Result whoami = cli.run("whoami");
        cli.run("logout");
        CliRunner.Result withoutSession = cli.run("token", "list");

        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("ci").contains("another");
        assertThat(user.exitCode()).as(user.err()).isZero();
        assertThat(whoami.out()).contains("Credentials:    token from LATCHKEY_TOKEN").contains("Token scopes:   repo");
        assertThat(withoutSession.exitCode()).isEqualTo(3);
        assertThat(withoutSession.err()).isEqualTo("this command needs a signed-in session: run latchkey login"
                + " (a personal access token cannot manage tokens)\n");
    }

    @Test
    void logout_ends_the_session_on_the_server() {
        String session = new ConfigStore(cli.configDir()).load().token();

        CliRunner.Result logout = cli.run("logout");

        assertThat(logout.exitCode()).isZero();
        assertThat(logout.out()).isEqualTo("Logged out of " + SERVER.url() + ".\n");
        assertThat(new ConfigStore(cli.configDir()).load()).isEqualTo(new CliConfig(SERVER.url(), "admin", null));
        assertThat(cli.run("whoami").exitCode()).isEqualTo(3);
        assertThat(cli.env("LATCHKEY_TOKEN", session).run("whoami").exitCode()).isEqualTo(3);
    }

    private static JsonNode json(CliRunner.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        try {
            return ApiClient.JSON.readTree(result.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + result.out(), e);
        }
    }
}
