package org.latchkey.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directory trees: walked in parallel, sorted findings, .git and binary files skipped. */
class LeakScannerTest {

    @TempDir
    Path root;

    @Test
    void finds_secrets_in_every_file_of_a_tree_sorted_by_path_and_line() throws IOException {
        String a = Secrets.latchkey();
        String b = Secrets.aws();
        String c = Secrets.gitlab();
        write("src/main/app.properties", "x=1\ntoken=" + a + "\nkey=" + b + "\n");
        write("deploy/ci.yml", "\n\n\nGITLAB=" + c + "\n");
        for (int i = 0; i < 200; i++) {
            write("many/dir" + (i % 7) + "/file" + i + ".txt", "nothing to see " + i + "\n");
        }

        ScanReport report = new LeakScanner(false, 2).scanPaths(List.of(root));

        assertThat(report.findings()).extracting(f -> root.relativize(Path.of(f.path())) + ":" + f.line())
                .containsExactly("deploy/ci.yml:4", "src/main/app.properties:2", "src/main/app.properties:3");
        assertThat(report.findings()).extracting(Finding::secret).containsExactly(c, a, b);
        assertThat(report.scanned()).isEqualTo(202);
        assertThat(report.latchkeyTokens()).extracting(Finding::secret).containsExactly(a);
    }

    @Test
    void skips_git_directories_and_binary_files_unless_asked() throws IOException {
        write(".git/objects/leak", "token " + Secrets.latchkey());
        write("sub/.git/config", "token " + Secrets.latchkey());
        Files.write(root.resolve("image.bin"), ("\0PNG " + Secrets.github() + "\n").getBytes(StandardCharsets.US_ASCII));

        ScanReport plain = new LeakScanner(false, 2).scanPaths(List.of(root));
        ScanReport all = new LeakScanner(true, 2).scanPaths(List.of(root));

        assertThat(plain.findings()).isEmpty();
        assertThat(plain.skippedBinary()).isEqualTo(1);
        assertThat(all.findings()).extracting(f -> f.kind().wireName()).containsExactly("github");
    }

    @Test
    void a_single_file_can_be_named_and_a_missing_one_is_reported() throws IOException {
        Path file = write("one.env", "NPM_TOKEN=" + Secrets.npm());

        ScanReport report = new LeakScanner(false, 1).scanPaths(List.of(file, root.resolve("missing")));

        assertThat(report.findings()).hasSize(1);
        assertThat(report.unreadable()).containsExactly(root.resolve("missing").toString());
    }

    private Path write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
