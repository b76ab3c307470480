package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.git.GitClient.Result;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Least-privilege advice from real git use: a broad token used for a few pushes and clones is
 * replaced by the token the advice suggests, which does the same and nothing more.
 */
class TokenAdviceGitTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_broad_classic_token_used_to_push_and_clone_is_replaced_by_the_suggested_fine_grained_token(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            GitServerFixture fixture = new GitServerFixture(server);
            fixture.org("acme");
            String api = fixture.orgRepository("acme", "api", true);
            String web = fixture.orgRepository("acme", "web", true);
            String other = fixture.orgRepository("acme", "other", true);
            JsonNode broad = fixture.server.createToken(fixture.adminSession, "{\"name\":\"ci\",\"scopes\":"
                    + "[\"repo\",\"workflow\",\"delete_repo\",\"read:audit_log\"]}");
            String secret = broad.get("token").asText();
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("api");
            git.ok(tree, "push", GitServerFixture.withToken(web, fixture.adminToken("seed", "[\"repo\"]")), "main");
            git.commitFile(tree, "src/app.txt", "app\n");
            git.ok(tree, "push", GitServerFixture.withToken(api, secret), "main");
            git.ok(temp, "clone", "-q", GitServerFixture.withToken(web, secret), "web-clone");
            server.latchkey().flushUsage();

            JsonNode advice = advice(server, fixture.adminSession, broad.get("id").asLong(), "");

            assertThat(advice.get("needed_scopes")).extracting(JsonNode::asText).containsExactly("repo");
            assertThat(advice.get("unused_scopes")).extracting(JsonNode::asText)
                    .containsExactly("workflow", "delete_repo", "read:audit_log");
            assertThat(advice.get("needed_permissions").isNull()).isTrue();
            assertThat(advice.get("repositories").toString())
                    .isEqualTo("[{\"owner\":\"acme\",\"repositories\":[\"api\",\"web\"]}]");
            assertThat(used(advice, "push", "acme/api")).isGreaterThanOrEqualTo(1);
            assertThat(used(advice, "push", "acme/web")).isZero();
            assertThat(used(advice, "pull", "acme/web")).isGreaterThanOrEqualTo(1);
            assertThat(used(advice, "pull", "acme/other")).isZero();
            JsonNode suggestion = advice.get("suggestion");
            assertThat(suggestion.get("kind").asText()).isEqualTo("narrow");
            assertThat(suggestion.get("command").asText()).isEqualTo("latchkey token create --name \"ci (narrowed)\""
                    + " --type fine-grained --resource acme:api,web --permission contents=write --expires 30d");
            assertThat(suggestion.get("request").toString()).isEqualTo("{\"name\":\"ci (narrowed)\",\"type\":\"fine_grained\","
                    + "\"resources\":[{\"owner\":\"acme\",\"repositories\":[\"api\",\"web\"]}],"
                    + "\"permissions\":{\"contents\":\"write\"},\"expires_in_days\":30}");

            Response created = GitServerFixture.expect(201, server.send("POST", "/api/v1/user/tokens",
                    "token " + fixture.adminSession, suggestion.get("request").toString()));
            String narrow = created.json().get("token").asText();
            assertThat(narrow).startsWith("lkf_");
            git.commitFile(tree, "src/main.txt", "more\n");
            git.ok(tree, "push", GitServerFixture.withToken(api, narrow), "main");
            git.ok(tree, "push", GitServerFixture.withToken(web, narrow), "main");
            git.ok(temp, "clone", "-q", GitServerFixture.withToken(web, narrow), "web-again");
            Result toOther = git.run(tree, "push", GitServerFixture.withToken(other, narrow), "main");
            assertThat(toOther.ok()).isFalse();
            assertThat(toOther.output()).contains("does not select the repository acme/other");
            git.commitFile(tree, ".github/workflows/ci.yml", "on: push\n");
            Result workflow = git.run(tree, "push", GitServerFixture.withToken(api, narrow), "main");
            assertThat(workflow.ok()).isFalse();
            assertThat(workflow.output()).contains("without workflows=write permission");
            assertThat(server.send("DELETE", "/api/v1/repos/acme/api", "token " + narrow, null).status()).isEqualTo(403);
            assertThat(server.get("/api/v1/user/audit-log", "token " + narrow).status()).isEqualTo(403);
            assertThat(server.send("DELETE", "/api/v1/repos/acme/api", "token " + secret, null).status())
                    .as("the broad token could").isEqualTo(204);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_fine_grained_token_with_write_and_administration_on_all_used_only_to_read_is_narrowed_to_read(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            GitServerFixture fixture = new GitServerFixture(server);
            fixture.org("acme");
            String api = fixture.orgRepository("acme", "api", true);
            fixture.orgRepository("acme", "web", true);
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("api");
            git.ok(tree, "push", GitServerFixture.withToken(api, fixture.adminToken("seed", "[\"repo\"]")), "main");
            JsonNode token = GitServerFixture.expect(201, fixture.fineGrained(fixture.adminSession, "reader",
                    "[{\"owner\":\"acme\",\"repositories\":\"all\"}]",
                    "{\"contents\":\"write\",\"administration\":\"write\"}", 30)).json();
            String secret = token.get("token").asText();

            git.ok(temp, "clone", "-q", GitServerFixture.withToken(api, secret), "api-clone");
            GitServerFixture.expect(200, server.get("/api/v1/repos/acme/api", "token " + secret));
            server.latchkey().flushUsage();
            JsonNode advice = advice(server, fixture.adminSession, token.get("id").asLong(), "");

            assertThat(advice.get("needed_scopes").isNull()).isTrue();
            assertThat(advice.get("needed_permissions").toString()).isEqualTo("{\"contents\":\"read\"}");
            assertThat(advice.get("unused_permissions").toString())
                    .isEqualTo("{\"contents\":\"write\",\"administration\":\"write\"}");
            assertThat(used(advice, "pull", "acme/api")).isGreaterThanOrEqualTo(1);
            assertThat(used(advice, "read_metadata", "acme/api")).isEqualTo(1);
            assertThat(routeUses(advice, "GET /api/v1/repos/{owner}/{name}")).isEqualTo(1);
            JsonNode suggestion = advice.get("suggestion");
            assertThat(suggestion.get("kind").asText()).isEqualTo("narrow");
            assertThat(suggestion.get("reason").asText()).contains("contents=read").contains("acme: api");
            assertThat(suggestion.get("request").get("permissions").toString()).isEqualTo("{\"contents\":\"read\"}");
            assertThat(suggestion.get("request").get("resources").toString())
                    .isEqualTo("[{\"owner\":\"acme\",\"repositories\":[\"api\"]}]");
            assertThat(suggestion.get("command").asText()).isEqualTo("latchkey token create --name \"reader (narrowed)\""
                    + " --type fine-grained --resource acme:api --permission contents=read --expires 30d");

            JsonNode created = GitServerFixture.expect(201, server.send("POST", "/api/v1/user/tokens",
                    "token " + fixture.adminSession, suggestion.get("request").toString())).json();
            String narrow = created.get("token").asText();
            git.ok(temp, "clone", "-q", GitServerFixture.withToken(api, narrow), "api-again");
            git.commitFile(tree, "more.txt", "more\n");
            assertThat(git.run(tree, "push", GitServerFixture.withToken(api, narrow), "main").ok()).isFalse();
            server.latchkey().flushUsage();
            JsonNode again = advice(server, fixture.adminSession, created.get("id").asLong(), "");
            assertThat(again.get("suggestion").get("kind").asText()).as(again.toString()).isEqualTo("keep");
        }
    }

    static JsonNode advice(TestServer server, String session, long id, String query) {
        return GitServerFixture.expect(200, server.get("/api/v1/user/tokens/" + id + "/advice" + query, "token " + session))
                .json();
    }

    static long used(JsonNode advice, String action, String target) {
        long count = 0;
        for (JsonNode use : advice.get("used")) {
            if (action.equals(use.get("action").asText(null)) && target.equals(use.get("target").asText(null))) {
                count += use.get("count").asLong();
            }
        }
        return count;
    }

    static long routeUses(JsonNode advice, String route) {
        long count = 0;
        for (JsonNode use : advice.get("used")) {
            if (route.equals(use.get("route").asText(null))) {
                count += use.get("count").asLong();
            }
        }
        return count;
    }
}
