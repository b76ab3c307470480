package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.git.GitClient.Result;
import org.latchkey.store.TestDatabases.Engine;

/** git goes through the same authenticator: a suspended token stops pushes, with the reason, until resumed. */
class SuspendedTokenGitTest {

    @TempDir
    Path temp;

    @Test
    void a_suspended_token_cannot_push_and_git_says_why_until_it_is_resumed() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("app", true);
            var created = server.createToken(fixture.adminSession, "{\"name\":\"ci\",\"scopes\":[\"repo\"]}");
            String secret = created.get("token").asText();
            String session = "token " + fixture.adminSession;
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("app");

            server.send("POST", "/api/v1/user/tokens/" + created.get("id").asLong() + "/suspend", session, null);
            Result refused = git.run(tree, "push", GitServerFixture.withToken(url, secret), "main");
            server.send("POST", "/api/v1/user/tokens/" + created.get("id").asLong() + "/resume", session, null);
            Result pushed = git.run(tree, "push", GitServerFixture.withToken(url, secret), "main");

            assertThat(refused.ok()).isFalse();
            assertThat(refused.output()).contains("remote: This token was suspended on").contains("by admin")
                    .contains("Authentication failed").doesNotContain(secret);
            assertThat(pushed.ok()).as(pushed.output()).isTrue();
        }
    }
}
