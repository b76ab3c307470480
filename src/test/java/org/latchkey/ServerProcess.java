package org.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases;

/**
 * {@code latchkey serve} in a JVM of its own, on this test's class path, logging as in production
 * to a file: a server that a test can {@link #kill() kill -9}. H2 in the data directory, or the
 * PostgreSQL database at the given URL.
 */
public final class ServerProcess implements AutoCloseable {

    private static final long START_SECONDS = 90;

    private final Process process;
    private final Path output;
    private final ApiClient client;

    private ServerProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.client = new ApiClient("http://127.0.0.1:" + port);
    }

    /**
     * Starts a server on a free port and waits until it answers {@code /health}; tries another port
     * if another process took the one picked in the meantime.
     */
    public static ServerProcess start(Path dataDir, String postgresUrl, String... options)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            ServerProcess server = launch(dataDir, postgresUrl, freePort(), options);
            try {
                server.awaitHealthy();
                return server;
            } catch (AssertionError e) {
                server.close();
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("BindException")) {
                    throw e;
                }
            }
        }
    }

    private static ServerProcess launch(Path dataDir, String postgresUrl, int port, String... options) throws IOException {
        Path output = Files.createTempFile("latchkey-server-", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=" + productionLogging(),
                "-cp", System.getProperty("java.class.path"),
                "org.latchkey.Main", "serve", "--data", dataDir.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1"));
        if (postgresUrl != null) {
            command.addAll(List.of("--db", postgresUrl));
        }
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LATCHKEY_"));
        return new ServerProcess(builder.start(), output, port);
    }

    public ApiClient client() {
        return client;
    }

    /** The operating system's id of the server's JVM. */
    public long pid() {
        return process.pid();
    }

    /** Sends a signal with {@code kill}, as {@code "STOP"} (a paused host) or {@code "CONT"}. */
    public void signal(String name) {
        TestDatabases.signal(pid(), name);
    }

    /** Everything the server wrote to standard output and error. */
    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String adminPassword(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve(FirstAdmin.PASSWORD_FILE)).strip();
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook runs, nothing is flushed. Returns once the process is gone. */
    public void kill() throws InterruptedException {
        ProcessHandle handle = process.toHandle();
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the server died").isTrue();
        assertThat(handle.isAlive()).isFalse();
        assertThat(ProcessHandle.of(handle.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(process.exitValue()).as("exit status of a process killed by SIGKILL").isEqualTo(128 + 9);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(output);
    }

    private void awaitHealthy() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (client.get("/health", null).status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYetListening) {
                // keep waiting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not answer /health within " + START_SECONDS + " s:\n" + output());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String productionLogging() {
        try {
            return Path.of(ServerProcess.class.getResource("/logback.xml").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
