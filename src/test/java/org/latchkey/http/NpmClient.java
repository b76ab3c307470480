package org.latchkey.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real {@code npm} client against one Latchkey server, as a GitHub Packages user drives it:
 * a {@code .npmrc} that reads the token from {@code LATCHKEY_TOKEN}, with a home, cache and
 * configuration of its own (nothing of the machine's npm or Latchkey settings leaks in), no
 * audit, funding or update checks, so it talks to nothing but the loopback server.
 */
final class NpmClient {

    static final Path NPM = Path.of("/usr/bin/npm");

    /** What an npm command printed (stdout and stderr together) and how it exited. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path home;
    private final String registry;
    private final Path npmrc;
    private final Path anonymousNpmrc;

    /** Skips the test, saying why, when npm is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(NPM), "npm is not installed (" + NPM
                + "): the npm registry tests need it (apt-get install nodejs npm; .ci/run installs them)");
    }

    NpmClient(Path home, String serverUrl) {
        this.home = home;
        this.registry = serverUrl + "/npm/";
        this.npmrc = home.resolve(".npmrc");
        this.anonymousNpmrc = home.resolve("anonymous.npmrc");
        try {
            Files.createDirectories(home);
            Files.writeString(anonymousNpmrc, "");
            Files.writeString(npmrc, "//" + registry.replaceFirst("^https?://", "") + ":_authToken=${LATCHKEY_TOKEN}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes npm trust the server's certificate through this CA file ({@code cafile} in both .npmrc files). */
    NpmClient trusting(Path caFile) {
        try {
            for (Path rc : List.of(npmrc, anonymousNpmrc)) {
                Files.writeString(rc, "cafile=" + caFile + "\n", java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    String registry() {
        return registry;
    }

    /** A package directory with a package.json for {@code name}@{@code version} and one module. */
    Path newPackage(String name, String version, String module) {
        Path dir = home.resolve("src-" + name.replace('/', '-').replace("@", "") + "-" + version);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("package.json"), "{\"name\":\"" + name + "\",\"version\":\"" + version
                    + "\",\"description\":\"a test package\",\"main\":\"index.js\",\"license\":\"MIT\"}\n");
            Files.writeString(dir.resolve("index.js"), module);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** An empty project to install into. */
    Path newProject(String name) {
        Path dir = home.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("package.json"), "{\"name\":\"" + name + "\",\"version\":\"1.0.0\",\"private\":true}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * Runs {@code npm ARGS --registry …} in {@code directory} with {@code LATCHKEY_TOKEN} set to
     * {@code token}; null runs it as someone without a token, whose {@code .npmrc} has no token line.
     */
    Result run(Path directory, String token, String... args) {
        return run(directory, token == null ? anonymousNpmrc : npmrc, Map.of(), token, args);
    }

    /**
     * Runs npm as a CI job would: {@code ci} is the job's environment (GitHub Actions' or GitLab's
     * variables), and the {@code .npmrc} holds only the registry line, no token.
     */
    Result runInCi(Path directory, Map<String, String> ci, String... args) {
        Path rc = home.resolve("ci.npmrc");
        try {
            Files.writeString(rc, "registry=" + registry + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run(directory, rc, ci, null, args);
    }

    private Result run(Path directory, Path userconfig, Map<String, String> ci, String token, String... args) {
        List<String> command = new ArrayList<>(List.of(NPM.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--registry", registry, "--userconfig", userconfig.toString(), "--cache",
                home.resolve("cache").toString(), "--no-audit", "--no-fund", "--no-update-notifier", "--loglevel", "warn"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("npm_")
                || name.startsWith("LATCHKEY_") || name.startsWith("NODE_") || name.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("npm_config_globalconfig", home.resolve("npmrc-global").toString());
        env.keySet().removeIf(name -> name.equals("CI") || name.startsWith("GITHUB_") || name.startsWith("GITLAB_")
                || name.startsWith("ACTIONS_") || name.startsWith("CIRCLE"));
        env.put("LANG", "C");
        env.putAll(ci);
        if (token != null) {
            env.put("LATCHKEY_TOKEN", token);
        }
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("npm " + String.join(" ", args) + " did not finish");
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
    Result ok(Path directory, String token, String... args) {
        Result result = run(directory, token, args);
        if (!result.ok()) {
            throw new AssertionError("npm " + String.join(" ", args) + " failed:\n" + result.output());
        }
        return result;
    }
}
