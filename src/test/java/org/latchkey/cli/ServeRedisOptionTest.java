package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --redis URL}: anything but a redis:// or rediss:// URL is refused before anything starts, without echoing it. */
class ServeRedisOptionTest {

    @TempDir
    Path temp;

    @Test
    void aRedisUrlThatIsNotOne_isRefusedAsUsage_withoutItsPassword() {
        CliRunner cli = new CliRunner(temp);
        for (String url : new String[] {"http://:hunter2@cache:6379", "redis://:hunter2@ca che:6379"}) {
            CliRunner.Result result = cli.run("serve", "--data", temp.resolve("data").toString(), "--port", "0", "--redis", url);

            assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCode.USAGE.code());
            assertThat(result.err()).contains("--redis").doesNotContain("hunter2").doesNotContain("Exception");
            assertThat(temp.resolve("data")).as("nothing started").doesNotExist();
        }
    }
}
