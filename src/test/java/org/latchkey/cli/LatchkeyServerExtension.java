package org.latchkey.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.latchkey.Latchkey;
import org.latchkey.Settings;

/** Starts one real Latchkey server on a free port for a test class, with its data in a temp directory. */
final class LatchkeyServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final java.time.Clock clock;
    private Path dataDir;
    private Latchkey server;

    LatchkeyServerExtension() {
        this(java.time.Clock.systemUTC());
    }

    /** A server that reads the given clock (a {@code MutableClock} the test moves). */
    LatchkeyServerExtension(java.time.Clock clock) {
        this.clock = clock;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("latchkey-cli-e2e");
        server = Latchkey.start(Settings.defaults(dataDir).withNetwork("127.0.0.1", 0).withClock(clock)
                .withWebhookAllowLocalNetwork(true));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        server.close();
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** The running server, for a test to call a service that has no route yet (the OIDC exchange). */
    Latchkey latchkey() {
        return server;
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Writes the recorded token uses now instead of in a few seconds, for token advise. */
    void flushUsage() {
        server.flushUsage();
    }

    String adminPassword() {
        try {
            return Files.readString(dataDir.resolve("initial-admin-password")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CLI with its own config directory under {@code dir}, signed in to this server as the first admin. */
    CliRunner signedInAdmin(java.nio.file.Path dir) {
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result login = cli.runWithStdin(adminPassword() + "\n", "login", "--server", url(), "--user", "admin",
                "--password-stdin");
        org.assertj.core.api.Assertions.assertThat(login.exitCode()).as(login.err()).isZero();
        return cli;
    }
}
