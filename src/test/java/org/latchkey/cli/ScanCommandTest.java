package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;

/** {@code latchkey scan} without a server: files, stdin, git history, JSON, exit codes; never a whole secret. */
class ScanCommandTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path temp;

    @Test
    void prints_where_each_secret_is_masked_and_exits_1() throws IOException {
        String token = TokenFormat.generate(TokenType.FINE_GRAINED, RANDOM);
        Path tree = Files.createDirectories(temp.resolve("tree"));
        Files.writeString(tree.resolve("a.env"), "one\nTOKEN=" + token + "\n");
        Files.writeString(tree.resolve("b.txt"), "AWS AKIAIOSFODNN7EXAMPLE here\n");

        CliRunner.Result result = new CliRunner(temp).run("scan", tree.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.out()).containsPattern("a\\.env:2\\s+latchkey\\s+valid\\s+" + token.substring(0, 8) + "…")
                .containsPattern("b\\.txt:1\\s+aws_access_key_id\\s+-\\s+AKIAIOSF…")
                .contains("Found 2 secrets in 2 files.")
                .doesNotContain(token).doesNotContain("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void a_clean_tree_exits_0() throws IOException {
        Path tree = Files.createDirectories(temp.resolve("clean"));
        Files.writeString(tree.resolve("a.txt"), "lkp_notatoken ghp_short\n");

        CliRunner.Result result = new CliRunner(temp).run("scan", tree.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("No secrets found in 1 file.\n");
    }

    @Test
    void stdin_with_json_gives_a_fingerprint_and_never_the_secret() throws IOException {
        String token = TokenFormat.generate(TokenType.CLASSIC, RANDOM);
        String broken = "ghp_" + "a".repeat(36);

        CliRunner.Result result = new CliRunner(temp).runWithStdin("x\n\n" + token + "\n" + broken + "\n", "scan", "--stdin", "--json");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.out()).doesNotContain(token).doesNotContain(broken);
        JsonNode json = ApiClient.JSON.readTree(result.out());
        JsonNode first = json.path("findings").get(0);
        assertThat(first.path("path").asText()).isEqualTo("-");
        assertThat(first.path("line").asLong()).isEqualTo(3);
        assertThat(first.path("kind").asText()).isEqualTo("latchkey");
        assertThat(first.path("checksum_valid").asBoolean()).isTrue();
        assertThat(first.path("secret").asText()).isEqualTo(token.substring(0, 8) + "…");
        assertThat(first.path("fingerprint").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(json.path("findings").get(1).path("checksum_valid").asBoolean(true)).isFalse();
        assertThat(new CliRunner(temp).runWithStdin(token, "scan", "--stdin").out()).endsWith("Found 1 secret on standard input.\n");
    }

    @Test
    void git_mode_reports_the_commit_of_a_removed_token() throws Exception {
        String token = TokenFormat.generate(TokenType.CLASSIC, RANDOM);
        Path repo = temp.resolve("repo");
        PersonIdent me = new PersonIdent("Test", "test@example.com");
        String leakedIn;
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("leak.env"), "T=" + token + "\n");
            git.add().addFilepattern(".").call();
            leakedIn = git.commit().setMessage("oops").setAuthor(me).setCommitter(me).setSign(false).call().getName();
            Files.writeString(repo.resolve("leak.env"), "T=\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("fix").setAuthor(me).setCommitter(me).setSign(false).call();
        }

        CliRunner.Result plain = new CliRunner(temp).run("scan", repo.toString());
        CliRunner.Result history = new CliRunner(temp).run("scan", "--git", repo.toString());

        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(history.exitCode()).as(history.err()).isEqualTo(1);
        assertThat(history.out()).contains(leakedIn.substring(0, 10) + ":leak.env:1").contains("in 2 blobs");
    }

    @Test
    void bad_combinations_are_usage_errors() {
        CliRunner cli = new CliRunner(temp);

        assertThat(cli.run("scan", "--stdin", temp.toString()).exitCode()).isEqualTo(2);
        assertThat(cli.run("scan", "--git", "--stdin").exitCode()).isEqualTo(2);
        assertThat(cli.run("scan", "--git", temp.toString()).exitCode()).isEqualTo(2);
        assertThat(cli.run("scan", "--no-such-option").exitCode()).isEqualTo(2);
        assertThat(cli.run("scan", "--revoke", "ftp://example.com", temp.toString()).exitCode()).isEqualTo(2);
    }
}
