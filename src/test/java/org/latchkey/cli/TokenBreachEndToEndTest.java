package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.cli.OrgEndToEndTest.json;
import static org.latchkey.cli.OrgEndToEndTest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.MutableClock;

/** {@code latchkey token breach} against a real server whose clock the test moves. */
class TokenBreachEndToEndTest {

    static final MutableClock CLOCK = MutableClock.startingNow();

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension(CLOCK);

    @TempDir
    Path temp;

    @Test
    void breach_with_replace_revokes_lists_recent_use_prints_the_new_secret_once_and_what_to_update() {
        CliRunner admin = SERVER.signedInAdmin(temp.resolve("admin"));
        ok(admin.run("repo", "create", "breached-api"));
        JsonNode token = json(admin.run("token", "create", "--name", "ci deploy", "--scopes", "repo",
                "--description", "the deploy job", "--expires", "60d", "--json"));
        String id = token.path("id").asText();
        CliRunner ci = new CliRunner(temp.resolve("ci")).env("LATCHKEY_TOKEN", token.path("token").asText())
                .env("LATCHKEY_SERVER", SERVER.url());
        ok(ci.run("whoami"));
        SERVER.flushUsage();
        CLOCK.advance(Duration.ofDays(31));
        ok(ci.run("repo", "show", "admin/breached-api"));
        CliRunner freshAdmin = SERVER.signedInAdmin(temp.resolve("admin-again"));

        CliRunner.Result breach = ok(freshAdmin.run("token", "breach", id, "--replace"));
        CliRunner.Result oldRefused = ci.run("whoami");
        String newSecret = breach.out().lines().filter(line -> line.startsWith("lkp_")).findFirst().orElseThrow();
        CliRunner.Result newWorks = ci.env("LATCHKEY_TOKEN", newSecret).run("whoami");
        JsonNode again = json(freshAdmin.run("token", "breach", id, "--json"));

        assertThat(breach.out())
                .contains("1. Token " + id + " 'ci deploy' revoked as compromised")
                .contains("2. Where it was used in the last 30 days")
                .containsPattern("\n127\\.0\\.0\\.1\\s+\\d+\\s+\\d{4}-")
                .containsPattern("\nadmin/breached-api\\s+read_metadata\\s+1\\s")
                .contains("3. Its replacement, with the same settings:")
                .contains("4. Update these systems: each used the old token; give them the new one:")
                .containsPattern("127\\.0\\.0\\.1\\s+latchkey-cli/")
                .contains("5. Review your security log")
                .contains("   latchkey audit --limit 100");
        assertThat(breach.out().split(newSecret, -1)).as("the new secret is shown once").hasSize(2);
        assertThat(breach.out()).doesNotContain(token.path("token").asText());
        assertThat(oldRefused.exitCode()).isEqualTo(3);
        assertThat(oldRefused.err()).contains("its owner reported it compromised");
        assertThat(newWorks.exitCode()).as(newWorks.err()).isZero();
        assertThat(again.path("revoked_now").asBoolean()).isFalse();
        assertThat(again.path("replacement").isNull()).isTrue();
        assertThat(again.path("usage").path("total_uses").asLong()).as("only the last 30 days").isEqualTo(1);
    }
}
