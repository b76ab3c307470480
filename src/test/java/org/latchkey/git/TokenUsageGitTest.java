package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.store.TestDatabases.Engine;

/** The usage log of a token used over git: git rows carry the operation, repository and client. */
class TokenUsageGitTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void pushes_and_clones_are_listed_as_git_uses_of_their_repository(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            GitServerFixture fixture = new GitServerFixture(server);
            fixture.org("acme");
            String api = fixture.orgRepository("acme", "api", true);
            fixture.orgRepository("acme", "web", true);
            JsonNode token = server.createToken(fixture.adminSession, "{\"name\":\"ci\",\"scopes\":[\"repo\"]}");
            String secret = token.get("token").asText();
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("api");
            git.ok(tree, "push", GitServerFixture.withToken(api, secret), "main");
            git.ok(temp, "clone", "-q", GitServerFixture.withToken(api, secret), "api-clone");
            server.latchkey().flushUsage();
            String path = "/api/v1/user/tokens/" + token.get("id").asLong() + "/usage";

            JsonNode uses = GitServerFixture.expect(200, server.get(path + "?kind=git&per_page=100",
                    "token " + fixture.adminSession)).json();
            JsonNode ofWeb = GitServerFixture.expect(200, server.get(path + "?repository=acme/web",
                    "token " + fixture.adminSession)).json();

            assertThat(uses).isNotEmpty();
            assertThat(ofWeb).isEmpty();
            boolean pushed = false;
            boolean pulled = false;
            for (JsonNode use : uses) {
                assertThat(use.get("kind").asText()).isEqualTo("git");
                assertThat(use.get("repository").asText()).isEqualTo("acme/api");
                assertThat(use.get("ip").asText()).isNotEmpty();
                assertThat(use.get("user_agent").asText()).startsWith("git/");
                assertThat(use.get("outcome").asText()).isEqualTo("allowed");
                pushed |= use.get("operation").asText().equals("git-receive-pack") && use.get("action").asText().equals("push");
                pulled |= use.get("operation").asText().equals("git-upload-pack") && use.get("action").asText().equals("pull");
            }
            assertThat(pushed).as(uses.toString()).isTrue();
            assertThat(pulled).as(uses.toString()).isTrue();
        }
    }
}
