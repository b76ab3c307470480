package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.cli.OrgEndToEndTest.json;
import static org.latchkey.cli.OrgEndToEndTest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code latchkey token rotate-self} against a real server. The old token is checked through the
 * owner's session; presenting the old secret after the rotation is {@link RotationReuseIntervalEndToEndTest}'s.
 */
class TokenRotateSelfEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @TempDir
    Path temp;

    private CliRunner admin;
    private JsonNode old;
    private CliRunner script;

    @BeforeEach
    void aScriptWithASelfRotatingToken() {
        admin = SERVER.signedInAdmin(temp.resolve("admin"));
        old = json(admin.run("token", "create", "--name", "nightly-" + System.nanoTime(), "--scopes", "repo,self_rotate",
                "--expires", "30d", "--json"));
        script = new CliRunner(temp.resolve("script")).env("LATCHKEY_TOKEN", old.path("token").asText())
                .env("LATCHKEY_SERVER", SERVER.url());
    }

    @Test
    void prints_only_the_new_secret_which_works_and_the_old_token_is_revoked_as_rotated() {
        CliRunner.Result rotated = ok(script.run("token", "rotate-self"));
        String secret = rotated.out().strip();

        assertThat(rotated.out()).matches("lkp_[0-9A-Za-z]{36}\n");
        assertThat(rotated.err()).isEmpty();
        assertThat(oldToken().path("revocation_reason").asText()).isEqualTo("rotated");
        ok(script.env("LATCHKEY_TOKEN", secret).run("whoami"));
    }

    @Test
    void write_replaces_the_file_atomically_with_mode_0600_and_prints_nothing_secret() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("secrets"));
        Path file = dir.resolve("latchkey-token");
        Files.writeString(file, old.path("token").asText() + "\n");

        CliRunner.Result rotated = ok(script.run("token", "rotate-self", "--write", file.toString()));
        String secret = Files.readString(file).strip();

        assertThat(secret).startsWith("lkp_").isNotEqualTo(old.path("token").asText());
        assertThat(Files.readString(file)).isEqualTo(secret + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }
        assertThat(rotated.out()).startsWith("Wrote the new token (id ").contains(file.toString()).doesNotContain("lkp_");
        assertThat(oldToken().path("revocation_reason").asText()).isEqualTo("rotated");
        ok(script.env("LATCHKEY_TOKEN", secret).run("whoami"));
    }

    @Test
    void when_the_file_cannot_be_written_the_old_token_still_works_and_the_replacement_is_cancelled() throws Exception {
        Path notADirectory = Files.writeString(temp.resolve("plain-file"), "x");

        CliRunner.Result failed = script.run("token", "rotate-self", "--write", notADirectory.resolve("token").toString());

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("could not write").contains("the rotation was cancelled")
                .contains("LATCHKEY_TOKEN still works").doesNotContain("lkp_");
        assertThat(failed.out()).isEmpty();
        assertThat(oldToken().path("state").asText()).isEqualTo("active");
        ok(script.run("whoami"));
        JsonNode all = json(admin.run("token", "list", "--all", "--json"));
        assertThat(all).filteredOn(t -> t.path("name").asText().equals(old.path("name").asText())
                        && t.path("id").asLong() != old.path("id").asLong())
                .singleElement().satisfies(cancelled ->
                        assertThat(cancelled.path("revocation_reason").asText()).isEqualTo("rotation_cancelled"));
        ok(script.run("token", "rotate-self"));
    }

    @Test
    void no_confirm_leaves_both_working_until_the_new_token_confirms_as_a_ci_job_does() throws Exception {
        Path file = temp.resolve("new-token");

        CliRunner.Result rotated = ok(script.run("token", "rotate-self", "--no-confirm", "--write", file.toString()));
        String secret = Files.readString(file).strip();
        String stateBetween = oldToken().path("state").asText();
        ok(script.run("whoami"));
        CliRunner.Result confirmed = ok(script.env("LATCHKEY_TOKEN", secret).run("token", "rotate-self", "--confirm"));
        CliRunner.Result again = ok(script.run("token", "rotate-self", "--confirm"));

        assertThat(rotated.out()).contains("the old one works until: LATCHKEY_TOKEN=<new> latchkey token rotate-self --confirm");
        assertThat(stateBetween).isEqualTo("active");
        assertThat(confirmed.out()).isEqualTo("Confirmed: the old token (id " + old.path("id").asText() + ") no longer works.\n");
        assertThat(again.out()).startsWith("Nothing to confirm");
        assertThat(oldToken().path("revocation_reason").asText()).isEqualTo("rotated");
        ok(script.run("whoami"));
        assertThat(script.run("token", "rotate-self", "--confirm", "--cancel").exitCode()).isEqualTo(2);
    }

    @Test
    void without_LATCHKEY_TOKEN_it_says_so() {
        CliRunner.Result refused = script.env("LATCHKEY_TOKEN", null).run("token", "rotate-self");

        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("LATCHKEY_TOKEN is not set");
    }

    private JsonNode oldToken() {
        return json(admin.run("token", "show", old.path("id").asText(), "--json"));
    }
}
