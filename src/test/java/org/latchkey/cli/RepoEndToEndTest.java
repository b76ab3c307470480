package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey repo …} against a real server, with a session and with scoped tokens. */
class RepoEndToEndTest {

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
    void create_is_private_by_default_and_prints_only_the_clone_url() {
        CliRunner.Result created = cli.run("repo", "create", "website", "--description", "the public site");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo(SERVER.url() + "/admin/website.git\n");
        JsonNode shown = json(cli.run("repo", "show", "admin/website", "--json"));
        assertThat(shown.path("private").asBoolean()).isTrue();
        assertThat(shown.path("description").asText()).isEqualTo("the public site");
        assertThat(cli.run("repo", "show", "admin/website").out()).contains("Name:         admin/website")
                .contains("Visibility:   private").contains("Clone URL:    " + SERVER.url() + "/admin/website.git");
    }

    @Test
    void list_shows_each_repository_with_its_visibility() {
        cli.run("repo", "create", "listed-private");
        cli.run("repo", "create", "listed-public", "--public", "--description", "open to all");

        CliRunner.Result list = cli.run("repo", "list");

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).startsWith("NAME").containsPattern("admin/listed-private\\s+private\\s+\\d{4}-")
                .containsPattern("admin/listed-public\\s+public\\s+.*open to all");
        assertThat(json(cli.run("repo", "list", "--json")).findValuesAsText("full_name"))
                .contains("admin/listed-private", "admin/listed-public");
    }

    @Test
    void delete_removes_the_repository() {
        cli.run("repo", "create", "doomed");

        CliRunner.Result deleted = cli.run("repo", "delete", "admin/doomed");

        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.out()).isEqualTo("Repository admin/doomed deleted.\n");
        assertThat(cli.run("repo", "show", "admin/doomed").exitCode()).isEqualTo(5);
        assertThat(cli.run("repo", "list").out()).doesNotContain("admin/doomed");
    }

    @Test
    void refusals_are_one_line_with_their_exit_codes() {
        cli.run("repo", "create", "twice");

        CliRunner.Result duplicate = cli.run("repo", "create", "twice");
        CliRunner.Result badName = cli.run("repo", "create", "no spaces");
        CliRunner.Result notFullName = cli.run("repo", "show", "just-a-name");
        CliRunner.Result traversal = cli.run("repo", "delete", "../admin");
        CliRunner.Result unknown = cli.run("repo", "show", "admin/never-made");

        assertThat(duplicate.exitCode()).isEqualTo(6);
        assertThat(duplicate.err()).hasLineCount(1).contains("twice");
        assertThat(badName.exitCode()).isEqualTo(6);
        assertThat(badName.err()).hasLineCount(1);
        assertThat(notFullName.exitCode()).isEqualTo(2);
        assertThat(notFullName.err()).isEqualTo("'just-a-name' is not OWNER/NAME, e.g. ada/website\n");
        assertThat(traversal.exitCode()).isEqualTo(2);
        assertThat(unknown.exitCode()).isEqualTo(5);
    }

    @Test
    void with_latchkey_token_the_scopes_decide() {
        String narrow = secret("narrow", "public_repo");
        String deleter = secret("deleter", "repo,delete_repo");
        cli.env("LATCHKEY_TOKEN", narrow);

        CliRunner.Result publicRepo = cli.run("repo", "create", "by-token", "--public");
        CliRunner.Result privateRepo = cli.run("repo", "create", "by-token-private");
        CliRunner.Result deleteWithoutScope = cli.run("repo", "delete", "admin/by-token");
        CliRunner.Result deleteWithScope = cli.env("LATCHKEY_TOKEN", deleter).run("repo", "delete", "admin/by-token");

        assertThat(publicRepo.exitCode()).as(publicRepo.err()).isZero();
        assertThat(privateRepo.exitCode()).isEqualTo(4);
        assertThat(privateRepo.err()).hasLineCount(1).contains("'repo'").contains("(token from LATCHKEY_TOKEN)");
        assertThat(deleteWithoutScope.exitCode()).isEqualTo(4);
        assertThat(deleteWithoutScope.err()).hasLineCount(1).contains("delete_repo");
        assertThat(deleteWithScope.exitCode()).as(deleteWithScope.err()).isZero();
        assertThat(privateRepo.err() + deleteWithoutScope.err()).doesNotContain(narrow);
    }

    private String secret(String name, String scopes) {
        return json(cli.run("token", "create", "--name", name, "--scopes", scopes, "--json")).path("token").asText();
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
