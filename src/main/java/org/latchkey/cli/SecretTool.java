package org.latchkey.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The desktop keyring through libsecret's {@code secret-tool}, found on the {@code PATH} of the
 * CLI's environment. The secret travels through its standard input and output only, never its
 * command line.
 */
final class SecretTool {

    static final String COMMAND = "secret-tool";
    private static final long TIMEOUT_SECONDS = 60;

    private final Path executable;
    private final CliEnvironment environment;

    private SecretTool(Path executable, CliEnvironment environment) {
        this.executable = executable;
        this.environment = environment;
    }

    static Optional<SecretTool> locate(CliEnvironment environment) {
        String path = environment.get("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(COMMAND);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(new SecretTool(candidate, environment));
            }
        }
        return Optional.empty();
    }

    /** Whether a desktop session bus is there for secret-tool to reach a keyring through. */
    static boolean sessionBus(CliEnvironment environment) {
        return environment.get("DBUS_SESSION_BUS_ADDRESS") != null;
    }

    /** The secret stored under exactly these attributes, or empty when there is none (or no keyring answers). */
    Optional<String> lookup(Map<String, String> attributes) {
        Outcome outcome = run(command("lookup", null, attributes), null);
        String secret = outcome.stdout().strip();
        return outcome.exitCode() == 0 && !secret.isEmpty() ? Optional.of(secret) : Optional.empty();
    }

    void store(String label, Map<String, String> attributes, String secret) {
        Outcome outcome = run(command("store", label, attributes), secret);
        if (outcome.exitCode() != 0) {
            throw new CliFailure(ExitCode.GENERAL, "secret-tool store failed" + outcome.reason());
        }
    }

    private List<String> command(String action, String label, Map<String, String> attributes) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), action));
        if (label != null) {
            command.add("--label=" + label);
        }
        attributes.forEach((name, value) -> {
            command.add(name);
            command.add(value);
        });
        return command;
    }

    private record Outcome(int exitCode, String stdout, String stderr) {
        String reason() {
            String first = stderr.strip().lines().findFirst().orElse("");
            return first.isEmpty() ? " (exit code " + exitCode + ")" : ": " + first;
        }
    }

    private Outcome run(List<String> command, String stdin) {
        ProcessBuilder builder = new ProcessBuilder(command);
        for (String name : List.of("PATH", "HOME", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR")) {
            String value = environment.get(name);
            if (value != null) {
                builder.environment().put(name, value);
            }
        }
        try {
            Process process = builder.start();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CliFailure(ExitCode.GENERAL, "secret-tool did not answer within " + TIMEOUT_SECONDS + " seconds");
            }
            return new Outcome(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot run " + executable + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.GENERAL, "interrupted while waiting for secret-tool");
        }
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
