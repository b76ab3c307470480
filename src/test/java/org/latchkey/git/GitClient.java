package org.latchkey.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} binary with a home of its own: no system or user configuration leaks in
 * (nor Latchkey's variables, nor a desktop session's keyring), and it never prompts
 * ({@code GIT_TERMINAL_PROMPT=0}); a password can be supplied as an askpass answer, as a person
 * would type it at the prompt. Other programs (a credential helper, say) can run in the same
 * environment.
 */
final class GitClient {

    /** What a git command printed (stdout and stderr together) and how it exited. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path home;
    private final Map<String, String> extraEnv = new LinkedHashMap<>();
    private final List<Path> pathPrefix = new ArrayList<>();
    private String askpassPassword;

    GitClient(Path home) {
        this.home = home;
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(home, "config", "--global", "user.name", "Test User");
        run(home, "config", "--global", "user.email", "test@example.com");
        run(home, "config", "--global", "init.defaultBranch", "main");
    }

    Path home() {
        return home;
    }

    /** Answers git's password prompt with this value from now on (null: no answer, as with no terminal). */
    void answerPasswordPromptWith(String password) {
        askpassPassword = password;
    }

    /** Sets a variable for every later command (null removes it). */
    void env(String name, String value) {
        if (value == null) {
            extraEnv.remove(name);
        } else {
            extraEnv.put(name, value);
        }
    }

    /** Puts a directory in front of the PATH of every later command, as a user installing a tool would. */
    void addToPath(Path dir) {
        pathPrefix.add(dir);
    }

    Result run(Path directory, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        return exec(directory, null, command);
    }

    /** Runs any program in git's environment, with this standard input (null: none). */
    Result exec(Path directory, String stdin, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("GIT_") || name.startsWith("LATCHKEY_")
                || name.equals("DBUS_SESSION_BUS_ADDRESS"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("LANG", "C");
        if (askpassPassword != null) {
            env.put("GIT_ASKPASS", askpass().toString());
            env.put("LATCHKEY_TEST_ASKPASS_PASSWORD", askpassPassword);
        }
        for (Path dir : pathPrefix) {
            env.put("PATH", dir + java.io.File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
        }
        env.putAll(extraEnv);
        try {
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command that must succeed. */
    Result ok(Path directory, String... args) {
        Result result = run(directory, args);
        if (!result.ok()) {
            throw new AssertionError("git " + String.join(" ", args) + " failed:\n" + result.output());
        }
        return result;
    }

    /** A new working tree with one commit on main. */
    Path newWorkTree(String name) {
        Path tree = home.resolve(name);
        try {
            Files.createDirectories(tree);
            Files.writeString(tree.resolve("README.md"), "# " + name + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ok(tree, "init", "-q");
        ok(tree, "add", ".");
        ok(tree, "commit", "-q", "-m", "first commit");
        return tree;
    }

    /** Writes a file and commits it. */
    void commitFile(Path tree, String path, String content) {
        try {
            Path file = tree.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ok(tree, "add", path);
        ok(tree, "commit", "-q", "-m", "change " + path);
    }

    private Path askpass() {
        Path script = home.resolve("askpass.sh");
        if (!Files.exists(script)) {
            try {
                Files.writeString(script, "#!/bin/sh\ncase \"$1\" in\n  Username*) echo token-user ;;\n"
                        + "  *) echo \"$LATCHKEY_TEST_ASKPASS_PASSWORD\" ;;\nesac\n");
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return script;
    }
}
