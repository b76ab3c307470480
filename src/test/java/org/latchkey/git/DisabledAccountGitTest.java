package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.git.GitClient.Result;
import org.latchkey.store.TestDatabases.Engine;

/** git goes through the same authenticator: a disabled account's token cannot push or clone, and git says why. */
class DisabledAccountGitTest {

    @TempDir
    Path temp;

    @Test
    void a_disabled_accounts_token_is_refused_by_git_as_disabled_until_it_is_enabled() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String bob = fixture.user("bob");
            String secret = fixture.token(bob, "ci", "[\"repo\"]");
            String url = GitServerFixture.expect(201, server.send("POST", "/api/v1/user/repos", "token " + bob,
                    "{\"name\":\"app\",\"private\":true}")).json().get("clone_url").asText();
            String admin = "token " + fixture.adminSession;
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("app");

            server.send("PUT", "/api/v1/admin/users/bob/disabled", admin, null);
            Result push = git.run(tree, "push", GitServerFixture.withToken(url, secret), "main");
            Result clone = git.run(temp, "clone", GitServerFixture.withToken(url, secret), "copy");
            server.send("DELETE", "/api/v1/admin/users/bob/disabled", admin, null);
            Result pushed = git.run(tree, "push", GitServerFixture.withToken(url, secret), "main");

            for (Result refused : new Result[] {push, clone}) {
                assertThat(refused.ok()).isFalse();
                assertThat(refused.output()).contains("remote: This account is disabled").contains("403")
                        .doesNotContain("Bad credentials").doesNotContain(secret);
            }
            assertThat(pushed.ok()).as(pushed.output()).isTrue();
        }
    }
}
