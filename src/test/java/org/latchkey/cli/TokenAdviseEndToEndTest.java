package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.cli.OrgEndToEndTest.json;
import static org.latchkey.cli.OrgEndToEndTest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey token advise} against a real server: a token used through the CLI, and the advice taken. */
class TokenAdviseEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @TempDir
    Path temp;

    private CliRunner admin;

    @BeforeEach
    void loginAsAdmin() {
        admin = SERVER.signedInAdmin(temp.resolve("admin"));
    }

    @Test
    void a_broad_token_used_for_one_repository_is_advised_narrower_and_the_suggested_command_runs_as_printed() {
        ok(admin.run("org", "create", "acme1"));
        ok(admin.run("repo", "create", "api", "--org", "acme1"));
        ok(admin.run("repo", "create", "web", "--org", "acme1"));
        JsonNode broad = json(admin.run("token", "create", "--name", "ci", "--scopes", "repo,workflow,delete_repo",
                "--expires", "30d", "--json"));
        String id = broad.path("id").asText();
        ok(admin.env("LATCHKEY_TOKEN", broad.path("token").asText()).run("repo", "show", "acme1/api"));
        admin.env("LATCHKEY_TOKEN", null);
        SERVER.flushUsage();

        CliRunner.Result advice = ok(admin.run("token", "advise", id, "--days", "7"));
        JsonNode answer = json(admin.run("token", "advise", id, "--json"));

        assertThat(advice.out()).startsWith("Token " + id + " over the last 7 days: 1 use, first ")
                .containsPattern("\nUSED FOR\\s+TARGET\\s+COUNT\\s+LAST\n")
                .containsPattern("\nread_metadata\\s+acme1/api\\s+1\\s+\\d{4}-")
                .contains("\nNeeded scopes:  repo\n").contains("\nUnused scopes:  workflow, delete_repo\n")
                .contains("\nRepositories:   acme1: api\n").contains("\nSuggestion: narrow. ").doesNotContain("permissions:");
        String command = advice.out().lines().reduce((first, second) -> second).orElseThrow();
        assertThat(command).isEqualTo(answer.path("suggestion").path("command").asText()).startsWith("latchkey token create ");
        assertThat(answer.path("window_days").asInt()).isEqualTo(30);

        List<String> args = shellWords(command);
        CliRunner.Result created = admin.run(args.subList(1, args.size()).toArray(String[]::new));

        assertThat(created.exitCode()).as(command + "\n" + created.err()).isZero();
        assertThat(created.out()).startsWith(TokenView.COPY_WARNING).contains("acme1:api");
    }

    @Test
    void a_fine_grained_token_shows_its_needed_and_unused_permissions_instead_of_scopes() {
        ok(admin.run("org", "create", "acme2"));
        ok(admin.run("repo", "create", "api", "--org", "acme2"));
        JsonNode fine = json(admin.run("token", "create", "--name", "reader", "--type", "fine-grained", "--resource", "acme2:all",
                "--permission", "contents=write", "--permission", "workflows=write", "--expires", "30d", "--json"));
        ok(admin.env("LATCHKEY_TOKEN", fine.path("token").asText()).run("repo", "show", "acme2/api"));
        admin.env("LATCHKEY_TOKEN", null);
        SERVER.flushUsage();

        CliRunner.Result advice = ok(admin.run("token", "advise", fine.path("id").asText()));

        assertThat(advice.out()).containsPattern("\nUnused permissions:\\s+contents=write, workflows=write\n")
                .contains("Needed permissions:  -\n").doesNotContain("scopes:")
                .contains("\nRepositories:        acme2: api\n").contains("\nSuggestion: narrow. ")
                .endsWith(" --resource acme2:api --expires 30d\n");
    }

    @Test
    void an_unused_token_is_advised_to_be_revoked_and_bad_days_are_refused() {
        String id = json(admin.run("token", "create", "--name", "idle", "--scopes", "repo", "--json")).path("id").asText();

        CliRunner.Result advice = ok(admin.run("token", "advise", id));
        CliRunner.Result zero = admin.run("token", "advise", id, "--days", "0");
        CliRunner.Result tooMany = admin.run("token", "advise", id, "--days", "400");
        CliRunner.Result unknown = admin.run("token", "advise", "987654");

        assertThat(advice.out()).startsWith("Token " + id + " over the last 30 days: not used.\n")
                .contains("Suggestion: revoke. ").endsWith("\nlatchkey token revoke " + id + "\n");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("--days must be at least 1\n");
        assertThat(tooMany.exitCode()).isEqualTo(6);
        assertThat(tooMany.err()).hasLineCount(1).contains("days");
        assertThat(unknown.exitCode()).isEqualTo(5);
    }

    /** Splits a command line as a POSIX shell would for the quoting the advice uses: plain, "double", 'single'. */
    private static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' || c == '\'') {
                int end = line.indexOf(c, i + 1);
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == ' ') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
