package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.git.GitClient.Result;
import org.latchkey.store.TestDatabases.Engine;

/**
 * The workflow rule as its attacker tries it with the real git: whatever a token without
 * {@code workflow} does to what CI would run (moving a ref onto workflows already on the server,
 * tags, other spellings, links, submodules) is refused; changes that leave CI's files alone pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowRuleTest {

    @TempDir
    Path temp;

    private TestServer server;
    private GitServerFixture fixture;
    private String repoOnlyToken;
    private String workflowToken;
    private GitClient git;
    private String repoOnly;
    private String withWorkflow;
    private Path tree;

    @BeforeAll
    void startServer() {
        server = TestServer.start(Engine.H2);
        fixture = new GitServerFixture(server);
        repoOnlyToken = fixture.adminToken("repo", "[\"repo\"]");
        workflowToken = fixture.adminToken("ci", "[\"repo\",\"workflow\"]");
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void newRepository() {
        PushScene scene = PushScene.start(fixture, temp.resolve("home"), repoOnlyToken);
        git = scene.git();
        tree = scene.tree();
        repoOnly = scene.with(repoOnlyToken);
        withWorkflow = scene.with(workflowToken);
    }

    @Test
    void moving_a_branch_onto_a_commit_already_on_the_server_that_adds_a_workflow_is_refused() throws Exception {
        git.ok(tree, "checkout", "-q", "-b", "ci");
        git.commitFile(tree, ".github/workflows/deploy.yml", "on: [push]\n");
        git.ok(tree, "push", "-q", withWorkflow, "ci");

        assertRefused(git.run(tree, "push", repoOnly, "ci:main"), ".github/workflows/deploy.yml");
        assertPasses(git.run(tree, "push", withWorkflow, "ci:main"));
    }

    @Test
    void a_tag_on_a_commit_adding_a_workflow_is_refused_lightweight_or_annotated() throws Exception {
        git.commitFile(tree, ".github/workflows/deploy.yml", "on: [push]\n");
        git.ok(tree, "tag", "v1");
        git.ok(tree, "tag", "-a", "v2", "-m", "release");

        assertRefused(git.run(tree, "push", repoOnly, "v1"), ".github/workflows/deploy.yml");
        assertRefused(git.run(tree, "push", repoOnly, "v2"), ".github/workflows/deploy.yml");
        assertPasses(git.run(tree, "push", withWorkflow, "v1", "v2"));
    }

    @Test
    void other_spellings_of_the_workflow_directories_are_workflow_directories() throws Exception {
        git.commitFile(tree, ".GitHub/WORKFLOWS/deploy.yml", "on: [push]\n");
        assertRefused(git.run(tree, "push", repoOnly, "main"), ".GitHub/WORKFLOWS/deploy.yml");

        git.ok(tree, "reset", "-q", "--hard", "HEAD~1");
        git.commitFile(tree, ".LatchKey/Workflows/deploy.yml", "on: [push]\n");
        assertRefused(git.run(tree, "push", repoOnly, "main"), ".LatchKey/Workflows/deploy.yml");

        git.ok(tree, "reset", "-q", "--hard", "HEAD~1");
        git.commitFile(tree, ".github/workflows-old/deploy.yml", "on: [push]\n");
        git.commitFile(tree, "github/workflows/deploy.yml", "on: [push]\n");
        assertPasses(git.run(tree, "push", repoOnly, "main"));
    }

    @Test
    void a_symlink_standing_for_a_workflow_directory_or_file_is_refused() throws Exception {
        git.commitFile(tree, "ci/deploy.yml", "on: [push]\n");
        git.ok(tree, "push", "-q", repoOnly, "main");

        Files.createSymbolicLink(tree.resolve(".github"), Path.of("ci"));
        commitAll("link .github");
        assertRefused(git.run(tree, "push", repoOnly, "main"), "workflow .github without");

        git.ok(tree, "reset", "-q", "--hard", "HEAD~1");
        Files.createDirectories(tree.resolve(".github"));
        Files.createSymbolicLink(tree.resolve(".github/workflows"), Path.of("../ci"));
        commitAll("link the workflows directory");
        assertRefused(git.run(tree, "push", repoOnly, "main"), "workflow .github/workflows without");

        git.ok(tree, "reset", "-q", "--hard", "HEAD~1");
        Files.createDirectories(tree.resolve(".github/workflows"));
        Files.createSymbolicLink(tree.resolve(".github/workflows/deploy.yml"), Path.of("../../ci/deploy.yml"));
        commitAll("link one workflow");
        assertRefused(git.run(tree, "push", repoOnly, "main"), "workflow .github/workflows/deploy.yml without");

        git.ok(tree, "reset", "-q", "--hard", "HEAD~1");
        Files.createSymbolicLink(tree.resolve("pipelines"), Path.of("ci"));
        commitAll("a link elsewhere");
        assertPasses(git.run(tree, "push", repoOnly, "main"));
    }

    @Test
    void a_submodule_standing_for_a_workflow_directory_is_refused() {
        String commit = git.ok(tree, "rev-parse", "HEAD").output().strip();
        git.ok(tree, "update-index", "--add", "--cacheinfo", "160000," + commit + ",.github/workflows");
        git.ok(tree, "commit", "-q", "-m", "workflows from elsewhere");

        assertRefused(git.run(tree, "push", repoOnly, "main"), "workflow .github/workflows without");

        git.ok(tree, "reset", "-q", "--soft", "HEAD~1");
        git.ok(tree, "rm", "-q", "--cached", ".github/workflows");
        git.ok(tree, "update-index", "--add", "--cacheinfo", "160000," + commit + ",vendor/workflows");
        git.ok(tree, "commit", "-q", "-m", "a submodule elsewhere");
        assertPasses(git.run(tree, "push", repoOnly, "main"));
    }

    @Test
    void deleting_a_ref_holding_workflows_passes_but_deleting_a_workflow_file_is_a_change() throws Exception {
        git.ok(tree, "checkout", "-q", "-b", "ci");
        git.commitFile(tree, ".github/workflows/deploy.yml", "on: [push]\n");
        git.ok(tree, "push", "-q", withWorkflow, "ci");
        git.ok(tree, "rm", "-q", ".github/workflows/deploy.yml");
        git.ok(tree, "commit", "-q", "-m", "drop the workflow");

        assertRefused(git.run(tree, "push", repoOnly, "ci"), ".github/workflows/deploy.yml");
        assertPasses(git.run(tree, "push", repoOnly, ":ci"));
    }

    @Test
    void refs_created_on_commits_whose_workflows_equal_the_default_branchs_pass() throws Exception {
        git.commitFile(tree, ".github/workflows/deploy.yml", "on: [push]\n");
        git.ok(tree, "push", "-q", withWorkflow, "main");
        git.ok(tree, "checkout", "-q", "-b", "feature");
        git.commitFile(tree, "src/app.txt", "a change\n");
        git.commitFile(tree, ".github/CODEOWNERS", "* @admin\n");
        git.commitFile(tree, "docs/.github/workflows/example.yml", "an example, not a workflow\n");
        git.ok(tree, "tag", "v1");

        assertPasses(git.run(tree, "push", repoOnly, "feature", "v1"));
    }

    private static void assertRefused(Result result, String path) {
        assertThat(result.ok()).as(result.output()).isFalse();
        assertThat(result.output()).contains("refusing to allow a Personal Access Token to create or update workflow")
                .contains(path).contains("without workflow scope");
    }

    private static void assertPasses(Result result) {
        assertThat(result.ok()).as(result.output()).isTrue();
    }

    private void commitAll(String message) throws IOException {
        git.ok(tree, "add", "-A");
        git.ok(tree, "commit", "-q", "-m", message);
    }
}
