package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.ServerProcess;

/**
 * A newcomer's first minutes, as separate processes: the first start's console names a sign-in
 * command, which works pasted into a shell, and the CLI keeps its files under {@code $HOME} (as
 * CI systems and git's tests set it), not Java's {@code user.home}.
 */
class FirstStartEndToEndTest {

    private static final Pattern SIGN_IN = Pattern.compile("sign in with: (.+)$", Pattern.MULTILINE);

    @TempDir
    Path temp;

    @Test
    void the_printed_sign_in_command_works_as_printed_and_the_cli_and_credential_helper_write_under_home() throws Exception {
        Path home = temp.resolve("x");
        Path userHome = temp.resolve("user-home");
        Files.createDirectories(home);
        Path bin = launcher(temp.resolve("bin"), userHome);
        try (ServerProcess server = ServerProcess.start(temp.resolve("data"), null)) {
            Matcher printed = SIGN_IN.matcher(server.output());
            assertThat(printed.find()).as(server.output()).isTrue();
            String command = printed.group(1).strip();

            Result login = shell(command, home, bin);
            Result whoami = shell("latchkey whoami", home, bin);
            Result stored = shell("printf 'protocol=https\\nhost=git.example\\nusername=u\\npassword=p\\n' | "
                    + "LATCHKEY_CREDENTIAL_KEY_STORE=file latchkey credential store", home, bin);
            Result got = shell("printf 'protocol=https\\nhost=git.example\\n' | latchkey credential get", home, bin);

            assertThat(command).startsWith("latchkey login --server http://127.0.0.1:").contains("--user admin");
            assertThat(login.exitCode()).as(login.output()).isZero();
            assertThat(login.output()).contains("Logged in to http://127.0.0.1:").contains("as admin");
            assertThat(whoami.exitCode()).as(whoami.output()).isZero();
            assertThat(whoami.output()).contains("admin");
            assertThat(stored.exitCode()).as(stored.output()).isZero();
            assertThat(got.output()).isEqualTo("username=u\npassword=p\n");
            assertThat(home.resolve(".config/latchkey/config.json")).exists();
            assertThat(home.resolve(".config/latchkey/credentials.enc")).exists();
            assertThat(userHome).doesNotExist();
        }
    }

    private record Result(int exitCode, String output) {
    }

    /** {@code sh -c command} with only {@code HOME} set to say where the user's files go. */
    private static Result shell(String command, Path home, Path bin) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("sh", "-c", command)).redirectErrorStream(true).directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("LATCHKEY_") || name.startsWith("XDG_"));
        env.put("HOME", home.toString());
        env.put("PATH", bin + ":/usr/bin:/bin");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(command).isTrue();
        return new Result(process.exitValue(), output);
    }

    /** {@code bin/latchkey} running the CLI on the test class path with Java's {@code user.home} elsewhere than {@code $HOME}. */
    private static Path launcher(Path bin, Path userHome) throws IOException {
        Files.createDirectories(bin);
        Path script = bin.resolve("latchkey");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -Duser.home='" + userHome + "' -XX:TieredStopAtLevel=1 -cp '"
                + System.getProperty("java.class.path") + "' org.latchkey.Main \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }
}
