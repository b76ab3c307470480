package org.latchkey.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in-process with its own environment, config directory, stdin and captured output. */
final class CliRunner {

    /** What one run printed and returned. */
    record Result(int exitCode, String out, String err) {
    }

    private final Map<String, String> env = new HashMap<>();
    private final Path home;

    CliRunner(Path tempDir) {
        this.home = tempDir.resolve("home");
        env.put("LATCHKEY_CONFIG_DIR", tempDir.resolve("config").toString());
    }

    CliRunner env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    Path configDir() {
        return Path.of(env.get("LATCHKEY_CONFIG_DIR"));
    }

    Result run(String... args) {
        return runWithStdin("", args);
    }

    Result runWithStdin(String stdin, String... args) {
        CliEnvironment environment = new CliEnvironment(Map.copyOf(env)::get, home,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), () -> null);
        CommandLine commandLine = LatchkeyCommand.commandLine(environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
