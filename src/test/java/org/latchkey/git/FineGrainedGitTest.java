package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.git.GitClient.Result;
import org.latchkey.store.TestDatabases.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-grained tokens against the real git client and the API: every permission level against the
 * operations it governs, selected repositories, several owners, and the account's own rights.
 */
class FineGrainedGitTest {

    @TempDir
    Path temp;

    /** A permission set, an operation, and whether it is allowed (else the reason code the check endpoint gives). */
    record Row(String permissions, String operation, String expected) {
    }

    private static final List<Row> MATRIX = List.of(
            new Row("{\"contents\":\"read\"}", "pull", "allowed"),
            new Row("{\"contents\":\"read\"}", "push", "missing_permission"),
            new Row("{\"contents\":\"write\"}", "pull", "allowed"),
            new Row("{\"contents\":\"write\"}", "push", "allowed"),
            new Row("{\"contents\":\"write\"}", "push_workflow", "missing_permission"),
            new Row("{\"contents\":\"write\",\"workflows\":\"write\"}", "push_workflow", "allowed"),
            new Row("{\"workflows\":\"write\"}", "push", "missing_permission"),
            new Row("{}", "pull", "missing_permission"),
            new Row("{\"administration\":\"read\"}", "create_repo", "missing_permission"),
            new Row("{\"administration\":\"write\"}", "create_repo", "allowed"),
            new Row("{\"administration\":\"write\"}", "delete_repo", "allowed"),
            new Row("{\"contents\":\"write\"}", "delete_repo", "missing_permission"),
            new Row("{\"members\":\"read\"}", "read_members", "allowed"),
            new Row("{\"members\":\"read\"}", "write_members", "missing_permission"),
            new Row("{\"members\":\"write\"}", "write_members", "allowed"));

    @Test
    void every_permission_level_allows_exactly_the_operations_it_governs() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            fixture.user("bob");
            fixture.org("acme");
            String url = fixture.orgRepository("acme", "api", true);
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("api");
            git.ok(tree, "push", GitServerFixture.withToken(url, fixture.adminToken("seed", "[\"repo\"]")), "main");

            int n = 0;
            for (Row row : MATRIX) {
                String token = fixture.fineGrainedSecret(fixture.adminSession, "row " + n++, "[{\"owner\":\"acme\",\"repositories\":\"all\"}]",
                        row.permissions());
                boolean allowed = perform(server, fixture, git, tree, url, token, row.operation(), n);
                Response check = server.get("/api/v1/tokens/self/check?action=" + row.operation()
                        + (row.operation().endsWith("members") || row.operation().equals("create_repo") ? "&owner=acme" : "&repo=acme/api"),
                        "token " + token);

                assertThat(allowed).as(row.toString()).isEqualTo(row.expected().equals("allowed"));
                assertThat(check.json().get("allowed").asBoolean()).as("check " + row).isEqualTo(allowed);
                if (!allowed) {
                    assertThat(check.json().get("reasons").get(0).get("code").asText()).as(row.toString()).isEqualTo(row.expected());
                }
            }
        }
    }

    private static boolean perform(TestServer server, GitServerFixture fixture, GitClient git, Path tree, String url,
                                   String token, String operation, int n) {
        String auth = "token " + token;
        return switch (operation) {
            case "pull" -> git.run(tree, "ls-remote", GitServerFixture.withToken(url, token)).ok();
            case "push" -> {
                git.commitFile(tree, "src/" + n + ".txt", "change " + n + "\n");
                Result pushed = git.run(tree, "push", GitServerFixture.withToken(url, token), "main");
                if (!pushed.ok()) {
                    assertThat(pushed.output()).contains("remote: This token lacks the contents=write permission");
                    git.ok(tree, "reset", "-q", "--hard", "HEAD~1");
                }
                yield pushed.ok();
            }
            case "push_workflow" -> {
                git.commitFile(tree, ".github/workflows/w" + n + ".yml", "on: push\n");
                Result pushed = git.run(tree, "push", GitServerFixture.withToken(url, token), "main");
                if (!pushed.ok()) {
                    assertThat(pushed.output()).contains("without workflows=write permission");
                    git.ok(tree, "reset", "-q", "--hard", "HEAD~1");
                }
                yield pushed.ok();
            }
            case "create_repo" -> server.send("POST", "/api/v1/orgs/acme/repos", auth, "{\"name\":\"made-" + n + "\"}").status() == 201;
            case "delete_repo" -> {
                fixture.orgRepository("acme", "doomed-" + n, true);
                Response deleted = server.send("DELETE", "/api/v1/repos/acme/doomed-" + n, auth, null);
                if (deleted.status() == 403) {
                    assertThat(deleted.header("X-Accepted-Latchkey-Permissions")).isEqualTo("administration=write");
                }
                yield deleted.status() == 204;
            }
            case "read_members" -> server.get("/api/v1/orgs/acme/members", auth).status() == 200;
            case "write_members" -> server.send("PUT", "/api/v1/orgs/acme/members/bob", auth, null).status() == 200;
            default -> throw new IllegalArgumentException(operation);
        };
    }

    @Test
    void selected_repositories_only_and_all_covers_repositories_created_later() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String bob = fixture.user("bob");
            fixture.org("acme", "bob");
            String api = fixture.orgRepository("acme", "api", true);
            String web = fixture.orgRepository("acme", "web", true);
            String selected = fixture.fineGrainedSecret(bob, "api only", "[{\"owner\":\"acme\",\"repositories\":[\"api\"]}]",
                    "{\"contents\":\"write\"}");
            String all = fixture.fineGrainedSecret(bob, "all of acme", "[{\"owner\":\"acme\",\"repositories\":\"all\"}]",
                    "{\"contents\":\"write\"}");
            String later = fixture.orgRepository("acme", "later", true);
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("x");

            Result toApi = git.run(tree, "push", GitServerFixture.withToken(api, selected), "main");
            Result toWeb = git.run(tree, "push", GitServerFixture.withToken(web, selected), "main");
            Result toLater = git.run(tree, "push", GitServerFixture.withToken(later, all), "main");

            assertThat(toApi.ok()).as(toApi.output()).isTrue();
            assertThat(toWeb.ok()).isFalse();
            assertThat(toWeb.output()).contains("remote: This token does not select the repository acme/web.");
            assertThat(toLater.ok()).as(toLater.output()).isTrue();
        }
    }

    @Test
    void one_token_may_act_on_several_owners_but_never_beyond_them() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String bob = fixture.user("bob");
            fixture.org("acme", "bob");
            fixture.org("globex", "bob");
            String acme = fixture.orgRepository("acme", "api", true);
            String globex = fixture.orgRepository("globex", "api", true);
            String own = GitServerFixture.expect(201, server.send("POST", "/api/v1/user/repos", "token " + bob,
                    "{\"name\":\"dotfiles\"}")).json().get("clone_url").asText();
            String token = fixture.fineGrainedSecret(bob, "two owners",
                    "[{\"owner\":\"bob\",\"repositories\":\"all\"},{\"owner\":\"acme\",\"repositories\":\"all\"}]",
                    "{\"contents\":\"write\"}");
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("x");

            assertThat(git.run(tree, "push", GitServerFixture.withToken(own, token), "main").ok()).isTrue();
            assertThat(git.run(tree, "push", GitServerFixture.withToken(acme, token), "main").ok()).isTrue();
            Result outside = git.run(tree, "push", GitServerFixture.withToken(globex, token), "main");
            assertThat(outside.ok()).isFalse();
            assertThat(outside.output()).contains("remote: This token may only act on resources of acme, bob, not globex.");
        }
    }

    @Test
    void removal_from_the_org_ends_access_through_every_token_at_once() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String bob = fixture.user("bob");
            fixture.org("acme", "bob");
            String api = fixture.orgRepository("acme", "api", true);
            String fine = fixture.fineGrainedSecret(bob, "fine", "[{\"owner\":\"acme\",\"repositories\":\"all\"}]",
                    "{\"contents\":\"write\"}");
            String classic = fixture.token(bob, "classic", "[\"repo\"]");
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("x");
            assertThat(git.run(tree, "push", GitServerFixture.withToken(api, fine), "main").ok()).isTrue();
            assertThat(git.run(tree, "ls-remote", GitServerFixture.withToken(api, classic)).ok()).isTrue();

            GitServerFixture.expect(204, server.send("DELETE", "/api/v1/orgs/acme/members/bob", "token " + fixture.adminSession, null));

            Result fineAfter = git.run(tree, "ls-remote", GitServerFixture.withToken(api, fine));
            Result classicAfter = git.run(tree, "ls-remote", GitServerFixture.withToken(api, classic));
            assertThat(fineAfter.ok()).isFalse();
            assertThat(fineAfter.output()).contains("remote: bob is not a member of acme.");
            assertThat(classicAfter.ok()).isFalse();
            assertThat(classicAfter.output()).contains("Repository not found");
            Response check = server.get("/api/v1/tokens/self/check?action=push&repo=acme/api", "token " + fine);
            assertThat(check.json().get("reasons").get(0).get("code").asText()).isEqualTo("not_a_member");
        }
    }
}
