package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.LogCapture;

/** {@code latchkey scan --revoke} against a real server: the token found stops working, and says why. */
class ScanRevokeEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    @TempDir
    Path temp;

    private CliRunner cli;

    @BeforeEach
    void loginAsAdmin() {
        cli = SERVER.signedInAdmin(temp);
    }

    @Test
    void a_token_found_in_a_file_is_revoked_by_the_server_and_never_printed() throws IOException {
        String secret = created("pasted").path("token").asText();
        String kept = created("kept").path("token").asText();
        Path tree = Files.createDirectories(temp.resolve("tree"));
        Files.writeString(tree.resolve("notes.md"), "deploy with\n\n    curl -H 'Authorization: token " + secret + "'\n");
        assertThat(cli.env("LATCHKEY_TOKEN", secret).run("whoami").exitCode()).isZero();
        cli.env("LATCHKEY_TOKEN", null);

        CliRunner.Result scan = cli.run("scan", tree.toString(), "--revoke", SERVER.url());

        assertThat(scan.exitCode()).as(scan.err()).isEqualTo(1);
        assertThat(scan.out()).contains("notes.md:3").contains("Sent 1 credential to " + SERVER.url() + " for revocation.")
                .doesNotContain(secret);
        CliRunner.Result refused = cli.env("LATCHKEY_TOKEN", secret).run("whoami");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("reported as leaked");
        assertThat(cli.env("LATCHKEY_TOKEN", kept).run("whoami").exitCode()).isZero();
        cli.env("LATCHKEY_TOKEN", null);
        assertThat(cli.run("audit", "--json").out()).contains("token.reported_leaked").contains("latchkey scan");
    }

    @Test
    void json_reports_what_was_sent_from_stdin() throws IOException {
        String secret = created("from-stdin").path("token").asText();

        CliRunner.Result scan = cli.runWithStdin("x " + secret + "\n", "scan", "--stdin", "--json", "--revoke", SERVER.url());

        assertThat(scan.exitCode()).as(scan.err()).isEqualTo(1);
        JsonNode json = ApiClient.JSON.readTree(scan.out());
        assertThat(json.path("revocation").path("sent").asInt()).isEqualTo(1);
        assertThat(scan.out()).doesNotContain(secret);
        assertThat(cli.env("LATCHKEY_TOKEN", secret).run("whoami").exitCode()).isEqualTo(3);
    }

    private JsonNode created(String name) throws IOException {
        CliRunner.Result result = cli.run("token", "create", "--name", name, "--scopes", "repo", "--expires", "7d", "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        return ApiClient.JSON.readTree(result.out());
    }
}
