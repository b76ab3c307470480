package org.latchkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the repository itself holds: no file a running server leaves behind is tracked, and git ignores such files. */
class RepositoryFilesTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));

    @Test
    void no_pid_file_or_data_directory_is_tracked_and_git_ignores_them() throws Exception {
        assumeTrue(Files.exists(ROOT.resolve(".git")), "not a git checkout");

        List<String> tracked = git("ls-files").lines().toList();
        List<String> ignored = git("check-ignore", "--no-index", "pid", "latchkey.pid", "bench/server.pid",
                "latchkey-data/initial-admin-password").lines().toList();

        assertThat(tracked).isNotEmpty().noneMatch(path -> path.equals("pid") || path.endsWith("/pid")
                || path.endsWith(".pid") || path.startsWith("latchkey-data/"));
        assertThat(ignored).containsExactly("pid", "latchkey.pid", "bench/server.pid", "latchkey-data/initial-admin-password");
    }

    private static String git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", ROOT.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
