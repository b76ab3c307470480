package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.store.TestDatabases.Engine;

/**
 * The README's {@code .npmrc}, as printed there (with the test server's address): the real npm
 * client's plain {@code npm whoami} and {@code npm publish}, with no {@code --registry}, talk to
 * Latchkey; and the scope line alone still publishes there.
 */
class ReadmeNpmrcTest {

    private static final Path README = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "README.md");

    @TempDir
    Path temp;

    @Test
    void the_readmes_npmrc_makes_plain_npm_whoami_and_npm_publish_use_latchkey() throws Exception {
        NpmClient.assumeInstalled();
        try (TestServer server = TestServer.start(Engine.H2)) {
            String token = server.createToken(server.signInAdmin(), "{\"name\":\"npm\",\"scopes\":[\"write:packages\"]}")
                    .get("token").asText();
            String npmrc = readmeNpmrc().replace("127.0.0.1:8080", server.baseUrl().substring("http://".length()));
            Path project = pkg(temp.resolve("greeting"), "@admin/greeting", npmrc);
            Path scopeOnly = pkg(temp.resolve("scope-only"), "@admin/scoped",
                    npmrc.lines().filter(line -> !line.startsWith("registry=")).reduce("", (a, b) -> a + b + "\n"));

            Result whoami = npm(project, token, "whoami");
            Result publish = npm(project, token, "publish");
            Result publishScoped = npm(scopeOnly, token, "publish");

            assertThat(npmrc.lines()).contains("registry=" + server.baseUrl() + "/npm/")
                    .anyMatch(line -> line.endsWith("/npm/:_authToken=${LATCHKEY_TOKEN}"));
            assertThat(whoami.exitCode()).as(whoami.output()).isZero();
            assertThat(whoami.output().strip()).isEqualTo("admin");
            assertThat(publish.exitCode()).as(publish.output()).isZero();
            assertThat(publish.output()).contains("+ @admin/greeting@1.0.0");
            assertThat(publishScoped.exitCode()).as(publishScoped.output()).isZero();
            assertThat(server.get("/npm/@admin%2fscoped", "token " + token).status()).isEqualTo(200);
        }
    }

    private record Result(int exitCode, String output) {
    }

    /** The lines the README's npm section appends to {@code .npmrc}. */
    private static String readmeNpmrc() throws IOException {
        Matcher block = Pattern.compile("cat >> \\.npmrc <<'NPMRC'\\n(.*?)\\nNPMRC\\n", Pattern.DOTALL).matcher(Files.readString(README));
        assertThat(block.find()).as("the README's .npmrc block").isTrue();
        return block.group(1) + "\n";
    }

    private static Path pkg(Path dir, String name, String npmrc) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(".npmrc"), npmrc);
        Files.writeString(dir.resolve("package.json"), "{\"name\":\"" + name + "\",\"version\":\"1.0.0\",\"main\":\"index.js\","
                + "\"license\":\"MIT\"}\n");
        Files.writeString(dir.resolve("index.js"), "module.exports = 1;\n");
        return dir;
    }

    /** {@code npm ARGS} in the project, with nothing but its own {@code .npmrc} and {@code LATCHKEY_TOKEN}: no {@code --registry}. */
    private Result npm(Path project, String token, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(NpmClient.NPM.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--no-audit", "--no-fund", "--no-update-notifier", "--loglevel", "warn"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).startsWith("npm_") || name.startsWith("LATCHKEY_")
                || name.startsWith("NODE_") || name.toLowerCase(Locale.ROOT).endsWith("_proxy"));
        Path home = temp.resolve("home");
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("npm_config_globalconfig", home.resolve("npmrc-global").toString());
        env.put("npm_config_userconfig", home.resolve("npmrc-user").toString());
        env.put("npm_config_cache", home.resolve("cache").toString());
        env.put("LANG", "C");
        env.put("LATCHKEY_TOKEN", token);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("npm " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }
}
