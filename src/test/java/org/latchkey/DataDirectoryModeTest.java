package org.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code latchkey serve} keeps its data directory to its owner: the directory is 0700 (even one
 * created looser before), and nothing it or its libraries create inside (the embedded database,
 * the server key, the first administrator's password, git repositories after a push) can be read
 * by the group or by others.
 */
class DataDirectoryModeTest {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path temp;

    @Test
    void nothingInTheDataDirectoryIsReadableByGroupOrOthers() throws Exception {
        Path data = Files.createDirectory(temp.resolve("data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (ServerProcess server = ServerProcess.start(data, null)) {
            ApiClient api = server.client();
            String admin = api.signIn("admin", ServerProcess.adminPassword(data));
            String token = api.createToken(admin, "{\"name\":\"push\",\"scopes\":[\"repo\"]}")
                    .get("token").asText();
            TestServer.Response repo = api.send("POST", "/api/v1/user/repos", "token " + admin,
                    "{\"name\":\"private-things\",\"private\":true}");
            assertThat(repo.status()).as(repo.body()).isEqualTo(201);
            push(repo.json().get("clone_url").asText().replace("://", "://admin:" + token + "@"));
        }
        assertThat(Files.getPosixFilePermissions(data)).doesNotContainAnyElementsOf(GROUP_OR_OTHERS);
        List<Path> everything;
        try (Stream<Path> walk = Files.walk(data)) {
            everything = walk.toList();
        }
        assertThat(everything).as("files in the data directory")
                .anyMatch(path -> path.getFileName().toString().endsWith(".mv.db"))
                .anyMatch(path -> path.toString().contains("objects"));
        for (Path path : everything) {
            assertThat(Files.getPosixFilePermissions(path)).as(path.toString()).doesNotContainAnyElementsOf(GROUP_OR_OTHERS);
        }
    }

    private void push(String url) throws IOException, InterruptedException {
        Path work = Files.createDirectory(temp.resolve("work"));
        Files.writeString(work.resolve("README.md"), "hello\n");
        git(work, "init", "-q", "-b", "main");
        git(work, "add", ".");
        git(work, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "first");
        git(work, "push", "-q", url, "main");
    }

    private void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = Stream.concat(Stream.of("git"), Stream.of(args)).toList();
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("HOME", temp.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }
}
