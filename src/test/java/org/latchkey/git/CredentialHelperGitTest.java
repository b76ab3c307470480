package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.git.GitClient.Result;
import org.latchkey.store.TestDatabases.Engine;

/**
 * The real git client with {@code latchkey credential} as its credential helper: the token typed
 * once is kept encrypted and reused, and dropped by git itself once the server refuses it.
 */
class CredentialHelperGitTest {

    @TempDir
    Path temp;

    @Test
    void the_helper_keeps_the_token_encrypted_reuses_it_and_git_erases_it_once_revoked() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("website", true);
            JsonNode created = server.createToken(fixture.adminSession, "{\"name\":\"laptop\",\"scopes\":[\"repo\"]}");
            String token = created.get("token").asText();
            GitClient git = new GitClient(temp.resolve("home"));
            Path latchkey = CliLauncher.script(temp.resolve("bin"));
            Path tree = git.newWorkTree("website");
            git.ok(tree, "remote", "add", "origin", url);
            git.ok(tree, "config", "--global", "credential.helper", "!" + CliLauncher.quote(latchkey.toString()) + " credential");

            git.answerPasswordPromptWith(token);
            Result firstPush = git.run(tree, "push", "origin", "main");
            git.answerPasswordPromptWith(null);
            git.commitFile(tree, "index.html", "<h1>hello</h1>\n");
            Result secondPush = git.run(tree, "push", "origin", "main");
            Result fetch = git.run(tree, "fetch", "origin");
            String storedBeforeRevocation = helperGet(git, latchkey, server);

            assertThat(firstPush.ok()).as(firstPush.output()).isTrue();
            assertThat(secondPush.ok()).as(secondPush.output()).isTrue();
            assertThat(fetch.ok()).as(fetch.output()).isTrue();
            assertThat(storedBeforeRevocation).isEqualTo("username=token-user\npassword=" + token + "\n");
            Path vault = git.home().resolve(".config/latchkey/credentials.enc");
            assertThat(Files.readString(vault)).startsWith("latchkey-credentials v1 key=file\n").doesNotContain(token)
                    .doesNotContain("lkp_").doesNotContain("token-user");
            assertThat(Files.readString(vault.resolveSibling("credentials.key"))).doesNotContain(token);
            assertThat(git.home().resolve(".git-credentials")).doesNotExist();

            server.send("POST", "/api/v1/user/tokens/" + created.get("id").asLong() + "/revoke", "token " + fixture.adminSession, null);
            Result refused = git.run(tree, "fetch", "origin");

            assertThat(refused.ok()).isFalse();
            assertThat(refused.output()).contains("remote: This token was revoked").contains("Authentication failed");
            assertThat(helperGet(git, latchkey, server)).as("git erased the refused token").isEmpty();
        }
    }

    @Test
    void with_bin_on_the_path_credential_helper_latchkey_runs_git_credential_latchkey() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("app", true);
            String token = fixture.adminToken("desktop", "[\"repo\"]");
            GitClient git = new GitClient(temp.resolve("home"));
            git.addToPath(CliLauncher.distribution(temp.resolve("latchkey")));
            git.env("JAVA_HOME", System.getProperty("java.home"));
            Path tree = git.newWorkTree("app");
            git.ok(tree, "remote", "add", "origin", url);
            git.ok(tree, "config", "--global", "credential.helper", "latchkey");

            git.answerPasswordPromptWith(token);
            Result firstPush = git.run(tree, "push", "origin", "main");
            git.answerPasswordPromptWith(null);
            git.commitFile(tree, "notes.txt", "second\n");
            Result secondPush = git.run(tree, "push", "origin", "main");
            Result fill = git.exec(tree, "protocol=http\nhost=" + hostOf(server) + "\n\n", List.of("git", "credential", "fill"));

            assertThat(firstPush.ok()).as(firstPush.output()).isTrue();
            assertThat(secondPush.ok()).as(secondPush.output()).isTrue();
            assertThat(fill.output()).contains("username=token-user\npassword=" + token + "\n");
            assertThat(Files.readString(git.home().resolve(".config/latchkey/credentials.enc"))).doesNotContain(token);
        }
    }

    @Test
    void helpers_that_git_runs_at_the_same_time_lose_none_of_each_others_credentials() throws Exception {
        GitClient git = new GitClient(temp.resolve("home"));
        Path latchkey = CliLauncher.script(temp.resolve("bin"));
        List<String> store = List.of(latchkey.toString(), "credential", "store");

        List<CompletableFuture<Result>> stores = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.supplyAsync(() ->
                git.exec(git.home(), "protocol=https\nhost=host-" + i + ".example\nusername=u\npassword=p" + i + "\n", store)))
                .toList();

        for (CompletableFuture<Result> done : stores) {
            assertThat(done.join().ok()).as(done.join().output()).isTrue();
        }
        for (int i = 0; i < 4; i++) {
            Result get = git.exec(git.home(), "protocol=https\nhost=host-" + i + ".example\n",
                    List.of(latchkey.toString(), "credential", "get"));
            assertThat(get.output()).isEqualTo("username=u\npassword=p" + i + "\n");
        }
    }

    /** What the helper's {@code get} answers for the server, run as git would run it. */
    private static String helperGet(GitClient git, Path latchkey, TestServer server) {
        Result get = git.exec(git.home(), "protocol=http\nhost=" + hostOf(server) + "\n\n",
                List.of(latchkey.toString(), "credential", "get"));
        assertThat(get.ok()).as(get.output()).isTrue();
        return get.output();
    }

    private static String hostOf(TestServer server) {
        return server.baseUrl().substring("http://".length());
    }
}
