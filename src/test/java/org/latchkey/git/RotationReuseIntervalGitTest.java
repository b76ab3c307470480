package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.store.TestDatabases.Engine;

/** The real git client presenting a rotated-away secret: "rotated, use its replacement" within the interval, then reuse. */
class RotationReuseIntervalGitTest {

    @TempDir
    Path temp;

    @Test
    void git_is_told_to_use_the_replacement_within_the_interval_and_that_the_family_is_revoked_after_it() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("app", true);
            String old = fixture.adminToken("ci", "[\"repo\",\"self_rotate\"]");
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("app");
            git.ok(tree, "push", GitServerFixture.withToken(url, old), "main");
            String replacement = server.send("POST", "/api/v1/tokens/self/rotate", "token " + old, null).json()
                    .get("token").asText();

            GitClient.Result rotated = git.run(tree, "fetch", GitServerFixture.withToken(url, old));
            git.ok(tree, "fetch", GitServerFixture.withToken(url, replacement));
            server.clock().advance(Duration.ofSeconds(60));
            GitClient.Result reused = git.run(tree, "fetch", GitServerFixture.withToken(url, old));
            GitClient.Result replacementAfter = git.run(tree, "fetch", GitServerFixture.withToken(url, replacement));

            assertThat(rotated.ok()).isFalse();
            assertThat(rotated.output()).contains("remote: This token was rotated on").contains("use its replacement")
                    .contains("Authentication failed");
            assertThat(reused.ok()).isFalse();
            assertThat(reused.output()).contains("whole family was revoked");
            assertThat(replacementAfter.ok()).isFalse();
            assertThat(replacementAfter.output()).contains("remote: This token was revoked on");
        }
    }
}
