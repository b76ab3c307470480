package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --repositories DIR} and {@code --packages DIR} name storage every node shares: a
 * directory that is missing (not mounted), a file, or not writable (not testable as root) is refused before anything
 * starts, in one line with exit code 2, and nothing is created in its place.
 */
class ServeSharedFilesOptionsTest {

    @TempDir
    Path temp;

    private CliRunner cli;

    @BeforeEach
    void runner() {
        cli = new CliRunner(temp);
    }

    @Test
    void a_missing_repositories_directory_is_refused_and_not_created() {
        Path missing = temp.resolve("mnt/shared/repositories");

        refused(serve("--repositories", missing.toString()), "--repositories " + missing + " does not exist (is it mounted?)");

        assertThat(missing.getParent()).doesNotExist();
        assertThat(temp.resolve("data")).doesNotExist();
    }

    @Test
    void a_file_in_place_of_the_directory_is_refused_for_repositories_and_packages() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-directory"), "x");

        refused(serve("--repositories", file.toString()), "--repositories " + file + " is not a directory");
        refused(serve("--packages", file.toString()), "--packages " + file + " is not a directory");
    }

    private CliRunner.Result serve(String... options) {
        String[] args = new String[options.length + 5];
        args[0] = "serve";
        args[1] = "--data";
        args[2] = temp.resolve("data").toString();
        args[3] = "--port";
        args[4] = "0";
        System.arraycopy(options, 0, args, 5, options.length);
        return cli.run(args);
    }

    private static void refused(CliRunner.Result result, String message) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.USAGE.code());
        assertThat(result.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.err().strip().lines()).hasSize(1);
    }
}
