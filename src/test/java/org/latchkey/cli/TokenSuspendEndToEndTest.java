package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.cli.OrgEndToEndTest.json;
import static org.latchkey.cli.OrgEndToEndTest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey token suspend|resume} and {@code latchkey admin user suspend-tokens|resume-tokens} against a real server. */
class TokenSuspendEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @TempDir
    Path temp;

    @Test
    void an_owner_suspends_and_resumes_a_token_and_a_script_using_it_is_told_why_it_fails() {
        CliRunner admin = SERVER.signedInAdmin(temp.resolve("admin"));
        JsonNode token = json(admin.run("token", "create", "--name", "suspend-me", "--scopes", "repo", "--json"));
        String id = token.path("id").asText();
        CliRunner script = new CliRunner(temp.resolve("script")).env("LATCHKEY_TOKEN", token.path("token").asText())
                .env("LATCHKEY_SERVER", SERVER.url());

        CliRunner.Result suspended = ok(admin.run("token", "suspend", id));
        CliRunner.Result refused = script.run("whoami");
        CliRunner.Result listed = ok(admin.run("token", "list", "--all"));
        CliRunner.Result shown = ok(admin.run("token", "show", id));
        CliRunner.Result resumed = ok(admin.run("token", "resume", id));

        assertThat(suspended.out()).isEqualTo("Token " + id + " suspended; resume it with: latchkey token resume " + id + "\n");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("This token was suspended on").contains("latchkey token resume " + id);
        assertThat(listed.out()).containsPattern("suspend-me.*suspended");
        assertThat(shown.out()).containsPattern("Suspended:?\\s+\\d{4}-.* by admin");
        assertThat(resumed.out()).isEqualTo("Token " + id + " resumed (active).\n");
        ok(script.run("whoami"));
    }

    @Test
    void an_administrator_suspends_and_resumes_every_token_of_a_user() {
        CliRunner admin = SERVER.signedInAdmin(temp.resolve("admin"));
        ok(admin.runWithStdin("a long password for heidi\n", "admin", "user", "create", "heidi", "--email", "heidi@example.com"));
        CliRunner heidi = new CliRunner(temp.resolve("heidi"));
        ok(heidi.runWithStdin("a long password for heidi\n", "login", "--server", SERVER.url(), "--user", "heidi",
                "--password-stdin"));
        JsonNode first = json(heidi.run("token", "create", "--name", "one", "--scopes", "repo", "--json"));
        json(heidi.run("token", "create", "--name", "two", "--scopes", "repo", "--json"));

        CliRunner.Result suspended = ok(admin.run("admin", "user", "suspend-tokens", "heidi"));
        CliRunner.Result heidiResumes = heidi.run("token", "resume", first.path("id").asText());
        CliRunner.Result notAdmin = heidi.run("admin", "user", "suspend-tokens", "admin");
        CliRunner.Result unknown = admin.run("admin", "user", "suspend-tokens", "nobody");
        JsonNode resumed = json(admin.run("admin", "user", "resume-tokens", "heidi", "--json"));

        assertThat(suspended.out()).startsWith("Suspended 2 tokens of heidi (ids ");
        assertThat(heidiResumes.exitCode()).isEqualTo(4);
        assertThat(heidiResumes.err()).contains("only an administrator can resume it");
        assertThat(notAdmin.exitCode()).isEqualTo(4);
        assertThat(unknown.exitCode()).isEqualTo(5);
        assertThat(resumed.path("count").asInt()).isEqualTo(2);
    }
}
