package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.cli.OrgEndToEndTest.json;
import static org.latchkey.cli.OrgEndToEndTest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey token usage} against a real server: a token used through the CLI, then its uses listed. */
class TokenUsageEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @TempDir
    Path temp;

    private CliRunner admin;

    @BeforeEach
    void loginAsAdmin() {
        admin = new CliRunner(temp.resolve("admin"));
        ok(admin.runWithStdin(SERVER.adminPassword() + "\n", "login", "--server", SERVER.url(), "--user", "admin",
                "--password-stdin"));
    }

    @Test
    void lists_a_tokens_uses_as_a_table_or_json_filtered_by_outcome_and_limited() {
        ok(admin.run("repo", "create", "usage-api"));
        JsonNode token = json(admin.run("token", "create", "--name", "watched", "--scopes", "repo", "--json"));
        String id = token.path("id").asText();
        ok(admin.env("LATCHKEY_TOKEN", token.path("token").asText()).run("repo", "show", "admin/usage-api"));
        CliRunner.Result refused = admin.run("audit");
        admin.env("LATCHKEY_TOKEN", null);
        assertThat(refused.exitCode()).isNotZero();
        SERVER.flushUsage();

        CliRunner.Result table = ok(admin.run("token", "usage", id));
        JsonNode all = json(admin.run("token", "usage", id, "--json"));
        JsonNode denied = json(admin.run("token", "usage", id, "--outcome", "denied", "--json"));
        JsonNode one = json(admin.run("token", "usage", id, "--limit", "1", "--json"));
        JsonNode future = json(admin.run("token", "usage", id, "--since", "2999-01-01T00:00:00Z", "--json"));

        assertThat(table.out()).containsPattern("^AT\\s+USES\\s+KIND\\s+OPERATION\\s+REPOSITORY\\s+IP\\s+OUTCOME\n")
                .containsPattern("\n\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\s+1\\s+api\\s+GET /api/v1/repos/\\{owner}/\\{name} \\(read_metadata\\)"
                        + "\\s+admin/usage-api\\s+127\\.0\\.0\\.1\\s+allowed\n")
                .containsPattern("GET /api/v1/user/audit-log\\s+-\\s+127\\.0\\.0\\.1\\s+denied\n");
        assertThat(all).hasSize(2);
        assertThat(denied).hasSize(1);
        assertThat(denied.get(0).path("operation").asText()).isEqualTo("GET /api/v1/user/audit-log");
        assertThat(one).hasSize(1);
        assertThat(one.get(0).path("id").asLong()).isEqualTo(all.get(0).path("id").asLong());
        assertThat(future).isEmpty();
    }

    @Test
    void bad_options_are_refused() {
        String id = json(admin.run("token", "create", "--name", "quiet", "--scopes", "repo", "--json")).path("id").asText();

        CliRunner.Result zero = admin.run("token", "usage", id, "--limit", "0");
        CliRunner.Result outcome = admin.run("token", "usage", id, "--outcome", "maybe");
        CliRunner.Result since = admin.run("token", "usage", id, "--since", "yesterday");
        CliRunner.Result unknown = admin.run("token", "usage", "987654");

        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("--limit must be from 1 to 100\n");
        assertThat(outcome.exitCode()).isEqualTo(6);
        assertThat(outcome.err()).hasLineCount(1).contains("outcome");
        assertThat(since.exitCode()).isEqualTo(6);
        assertThat(since.err()).hasLineCount(1).contains("since");
        assertThat(unknown.exitCode()).isEqualTo(5);
    }
}
