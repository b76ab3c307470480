package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.store.TestDatabases.Engine;

/** The breach runbook names the pushes and git clients of a compromised token, and git stops taking it. */
class BreachGitTest {

    @TempDir
    Path temp;

    @Test
    void a_breach_report_lists_the_pushes_and_the_git_client_and_the_token_no_longer_pushes() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("app", true);
            JsonNode created = server.createToken(fixture.adminSession, "{\"name\":\"laptop\",\"scopes\":[\"repo\"]}");
            String secret = created.get("token").asText();
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("app");
            git.ok(tree, "push", GitServerFixture.withToken(url, secret), "main");

            JsonNode report = server.send("POST", "/api/v1/user/tokens/" + created.get("id").asLong() + "/breach",
                    "token " + fixture.adminSession, "{\"replace\":false}").json();
            GitClient.Result refused = git.run(tree, "push", GitServerFixture.withToken(url, secret), "main");

            JsonNode usage = report.get("usage");
            assertThat(usage.get("pushes").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(usage.get("git_operations")).anySatisfy(op -> {
                assertThat(op.get("operation").asText()).isEqualTo("git-receive-pack");
                assertThat(op.get("action").asText()).isEqualTo("push");
                assertThat(op.get("repository").asText()).isEqualTo("admin/app");
            });
            assertThat(usage.get("repositories")).anySatisfy(repo -> {
                assertThat(repo.get("repository").asText()).isEqualTo("admin/app");
                assertThat(repo.get("actions")).extracting(JsonNode::asText).contains("push");
            });
            assertThat(report.get("update_systems")).anySatisfy(client ->
                    assertThat(client.get("user_agent").asText()).startsWith("git/"));
            assertThat(refused.ok()).isFalse();
            assertThat(refused.output()).contains("its owner reported it compromised");
        }
    }
}
