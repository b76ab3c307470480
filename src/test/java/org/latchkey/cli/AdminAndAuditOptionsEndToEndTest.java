package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Options a newcomer tried: {@code admin user create --password-stdin} as {@code login} has it, and an audit limit above one page. */
class AdminAndAuditOptionsEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @TempDir
    Path temp;

    private CliRunner admin;

    @BeforeEach
    void signIn() {
        admin = SERVER.signedInAdmin(temp.resolve("admin"));
    }

    @Test
    void admin_user_create_takes_the_password_from_standard_input_with_password_stdin() {
        CliRunner.Result created = admin.runWithStdin("ines-password-long-1\n", "admin", "user", "create", "ines",
                "--email", "ines@example.com", "--password-stdin");
        CliRunner ines = new CliRunner(temp.resolve("ines"));
        CliRunner.Result login = ines.runWithStdin("ines-password-long-1\n", "login", "--server", SERVER.url(), "--user", "ines",
                "--password-stdin");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("Created user ines");
        assertThat(login.exitCode()).as(login.err()).isZero();
    }

    @Test
    void audit_with_a_limit_above_one_page_fetches_page_after_page_without_repeating_an_event() {
        for (int i = 0; i < 110; i++) {
            CliRunner.Result token = admin.run("token", "create", "--name", "audit-" + i, "--scopes", "repo", "--json");
            assertThat(token.exitCode()).as(token.err()).isZero();
        }

        JsonNode all = json(admin.run("audit", "--limit", "200", "--json"));
        JsonNode some = json(admin.run("audit", "--limit", "105", "--json"));
        CliRunner.Result table = admin.run("audit", "--limit", "101");
        CliRunner.Result zero = admin.run("audit", "--limit", "0");

        assertThat(all.size()).isGreaterThan(110).isLessThanOrEqualTo(200);
        Set<Long> ids = new HashSet<>();
        long previous = Long.MAX_VALUE;
        for (JsonNode event : all) {
            assertThat(event.path("id").asLong()).isLessThan(previous);
            previous = event.path("id").asLong();
            ids.add(previous);
        }
        assertThat(ids).hasSize(all.size());
        assertThat(some.size()).isEqualTo(105);
        assertThat(some.get(104).path("id").asLong()).isEqualTo(all.get(104).path("id").asLong());
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().lines().filter(line -> line.contains("token.created"))).hasSizeGreaterThanOrEqualTo(100);
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--limit must be at least 1");
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
