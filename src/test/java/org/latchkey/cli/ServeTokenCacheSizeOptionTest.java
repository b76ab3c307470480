package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --token-cache-size N}: a size that is not from 1 to 100,000,000 is refused before anything starts. */
class ServeTokenCacheSizeOptionTest {

    @TempDir
    Path temp;

    @Test
    void aCacheSizeOutOfRangeOrNotANumber_isRefusedAsUsage() {
        CliRunner cli = new CliRunner(temp);
        for (String size : new String[] {"0", "-5", "100000001", "2147483648", "lots", ""}) {
            CliRunner.Result result = cli.run("serve", "--data", temp.resolve("data").toString(), "--port", "0",
                    "--token-cache-size", size);

            assertThat(result.exitCode()).as(size + ": " + result.err()).isEqualTo(ExitCode.USAGE.code());
            assertThat(result.err()).as(size).contains("--token-cache-size").doesNotContain("Exception");
            assertThat(temp.resolve("data")).as("nothing started").doesNotExist();
        }
    }
}
