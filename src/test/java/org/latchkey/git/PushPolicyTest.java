package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.latchkey.TestServer;
import org.latchkey.git.GitClient.Result;
import org.latchkey.store.TestDatabases.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a push must pass before it lands: the workflow scope, push protection, and ref races. */
class PushPolicyTest {

    @TempDir
    Path temp;

    @Test
    void a_workflow_change_needs_the_workflow_scope_and_is_refused_as_a_whole_without_it() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("app", true);
            String repoOnly = GitServerFixture.withToken(url, fixture.adminToken("repo", "[\"repo\"]"));
            String withWorkflow = GitServerFixture.withToken(url, fixture.adminToken("ci", "[\"repo\",\"workflow\"]"));
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("app");
            git.ok(tree, "push", repoOnly, "main");
            git.commitFile(tree, "src/app.txt", "ordinary change\n");
            git.commitFile(tree, ".github/workflows/deploy.yml", "name: Deploy\non: [push]\n");

            Result refused = git.run(tree, "push", repoOnly, "main");
            Result otherDirectory = git.run(tree, "push", GitServerFixture.withToken(url, fixture.adminToken("x", "[\"repo\"]")),
                    "HEAD~1:refs/heads/feature");
            Result accepted = git.run(tree, "push", withWorkflow, "main");

            assertThat(refused.ok()).isFalse();
            assertThat(refused.output()).contains("refusing to allow a Personal Access Token to create or update workflow"
                    + " .github/workflows/deploy.yml without workflow scope");
            assertThat(otherDirectory.ok()).as(otherDirectory.output()).isTrue();
            assertThat(accepted.ok()).as(accepted.output()).isTrue();
            git.ok(tree, "rm", "-q", ".github/workflows/deploy.yml");
            git.ok(tree, "commit", "-q", "-m", "drop workflow");
            Result deletion = git.run(tree, "push", repoOnly, "main");
            assertThat(deletion.ok()).isFalse();
            assertThat(deletion.output()).contains("create or update workflow .github/workflows/deploy.yml");
        }
    }

    @Test
    void a_live_token_in_a_pushed_file_is_refused_naming_commit_file_and_line_and_its_owner_is_told() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("app", true);
            String pushToken = fixture.adminToken("push", "[\"repo\"]");
            String leaked = fixture.adminToken("deploy key", "[\"repo\"]");
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("app");
            git.commitFile(tree, "config/ci.env", "# CI settings\nREGION=eu\nLATCHKEY_TOKEN=" + leaked + "\n");

            Result refused = git.run(tree, "push", GitServerFixture.withToken(url, pushToken), "main");

            assertThat(refused.ok()).isFalse();
            assertThat(refused.output()).contains("push declined: it contains a live Latchkey token")
                    .contains("config/ci.env:3").contains("your token 'deploy key'")
                    .contains(git.ok(tree, "rev-parse", "--short=10", "HEAD").output().strip())
                    .doesNotContain(leaked);
            assertThat(git.run(temp, "ls-remote", GitServerFixture.withToken(url, pushToken)).output()).doesNotContain("refs/heads/main");
            assertThat(fixture.auditLog()).contains("token.leaked_in_push", "push.blocked_secret", "config/ci.env:3");
        }
    }

    @Test
    void a_well_formed_token_that_is_not_live_passes_but_is_recorded() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("app", true);
            String pushToken = fixture.adminToken("push", "[\"repo\"]");
            var old = server.createToken(fixture.adminSession, "{\"name\":\"old\",\"scopes\":[]}");
            server.send("POST", "/api/v1/user/tokens/" + old.get("id").asLong() + "/revoke", "token " + fixture.adminSession, null);
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("app");
            git.commitFile(tree, "notes.md", "the old token was " + old.get("token").asText() + "\n");

            Result pushed = git.run(tree, "push", GitServerFixture.withToken(url, pushToken), "main");

            assertThat(pushed.ok()).as(pushed.output()).isTrue();
            assertThat(fixture.auditLog()).contains("token.inactive_token_in_push", "notes.md:1");
        }
    }

    @Test
    void two_racing_pushes_to_one_branch_leave_one_winner_and_an_intact_repository() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = GitServerFixture.withToken(fixture.repository("app", true), fixture.adminToken("t", "[\"repo\"]"));
            GitClient alice = new GitClient(temp.resolve("alice"));
            GitClient bob = new GitClient(temp.resolve("bob"));
            Path base = alice.newWorkTree("base");
            alice.ok(base, "push", url, "main");
            alice.ok(temp, "clone", "-q", url, "alice-tree");
            bob.ok(temp, "clone", "-q", url, "bob-tree");
            Path aliceTree = temp.resolve("alice-tree");
            Path bobTree = temp.resolve("bob-tree");
            for (int i = 0; i < 50; i++) {
                alice.commitFile(aliceTree, "alice/" + i + ".txt", "alice " + i + "\n");
                bob.commitFile(bobTree, "bob/" + i + ".txt", "bob " + i + "\n");
            }

            CompletableFuture<Result> alicePush = CompletableFuture.supplyAsync(() -> alice.run(aliceTree, "push", "origin", "main"));
            CompletableFuture<Result> bobPush = CompletableFuture.supplyAsync(() -> bob.run(bobTree, "push", "origin", "main"));
            Result a = alicePush.get();
            Result b = bobPush.get();

            assertThat(a.ok() ^ b.ok()).as(a.output() + "\n---\n" + b.output()).isTrue();
            Result loser = a.ok() ? b : a;
            assertThat(loser.output()).containsAnyOf("fetch first", "non-fast-forward", "failed to lock", "stale info")
                    .doesNotContain("invalid old id sent");
            alice.ok(temp, "clone", "-q", url, "check");
            alice.ok(temp.resolve("check"), "fsck", "--strict");
            String winner = a.ok() ? "alice" : "bob";
            assertThat(temp.resolve("check/" + winner + "/49.txt")).exists();
        }
    }
}
