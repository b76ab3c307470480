package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.latchkey.TestServer;
import org.latchkey.git.GitClient.Result;
import org.latchkey.store.TestDatabases.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The seed's git flow with the real git client: tokens as passwords, scopes, expiry and revocation. */
class GitOverHttpTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void seed_steps_3_and_4_store_the_token_in_git_credentials_and_push(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("website", true);
            String token = fixture.adminToken("laptop", "[\"repo\"]");
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("website");
            git.ok(tree, "remote", "add", "origin", url);

            git.ok(tree, "config", "--global", "credential.helper", "store");
            git.answerPasswordPromptWith(token);
            Result firstPush = git.run(tree, "push", "origin", "main");
            git.answerPasswordPromptWith(null);
            git.commitFile(tree, "index.html", "<h1>hello</h1>\n");
            Result secondPush = git.run(tree, "push", "origin", "main");

            assertThat(firstPush.ok()).as(firstPush.output()).isTrue();
            assertThat(secondPush.ok()).as(secondPush.output()).isTrue();
            assertThat(Files.readString(git.home().resolve(".git-credentials"))).contains(token);
            assertThat(git.ok(tree, "config", "--global", "--list").output()).contains("credential.helper=store");
            git.ok(tree, "config", "--global", "--unset", "credential.helper");
            assertThat(git.run(tree, "config", "--global", "--list").output()).doesNotContain("credential");
            Result clone = git.run(temp, "clone", GitServerFixture.withToken(url, token), "copy");
            assertThat(clone.ok()).as(clone.output()).isTrue();
            assertThat(temp.resolve("copy/index.html")).hasContent("<h1>hello</h1>");
        }
    }

    @Test
    void thousands_of_objects_branches_and_tags_push_clone_and_pull() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = GitServerFixture.withToken(fixture.repository("big", true), fixture.adminToken("t", "[\"repo\"]"));
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("big");
            for (int i = 0; i < 3000; i++) {
                Path file = tree.resolve("data/" + (i % 30) + "/file-" + i + ".txt");
                Files.createDirectories(file.getParent());
                Files.writeString(file, "content of file " + i + "\n");
            }
            git.ok(tree, "add", ".");
            git.ok(tree, "commit", "-q", "-m", "three thousand files");
            git.ok(tree, "tag", "-a", "v1.0", "-m", "first release");
            git.ok(tree, "branch", "feature");

            Result push = git.run(tree, "push", url, "main", "feature", "v1.0");
            git.ok(temp, "clone", "-q", url, "copy");
            git.commitFile(tree, "data/extra.txt", "one more\n");
            git.ok(tree, "push", url, "main");
            Result pull = git.run(temp.resolve("copy"), "pull", "-q", "--ff-only");

            assertThat(push.ok()).as(push.output()).isTrue();
            assertThat(git.ok(temp.resolve("copy"), "ls-files").output().lines()).hasSize(3002);
            assertThat(git.ok(temp.resolve("copy"), "tag").output()).contains("v1.0");
            assertThat(git.ok(temp.resolve("copy"), "branch", "-r").output()).contains("origin/feature");
            assertThat(pull.ok()).as(pull.output()).isTrue();
            assertThat(temp.resolve("copy/data/extra.txt")).hasContent("one more");
        }
    }

    @Test
    void without_credentials_a_private_repository_asks_for_them_and_a_public_one_clones() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String privateUrl = fixture.repository("secret", true);
            String publicUrl = fixture.repository("open", false);
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("open");
            git.ok(tree, "push", GitServerFixture.withToken(publicUrl, fixture.adminToken("t", "[\"repo\"]")), "main");

            Result anonymousPrivate = git.run(temp, "clone", privateUrl, "a");
            Result anonymousPublic = git.run(temp, "clone", publicUrl, "b");
            Result anonymousPush = git.run(tree, "push", publicUrl, "main");

            assertThat(anonymousPrivate.ok()).isFalse();
            assertThat(anonymousPrivate.output()).contains("could not read Username");
            assertThat(anonymousPublic.ok()).as(anonymousPublic.output()).isTrue();
            assertThat(temp.resolve("b/README.md")).exists();
            assertThat(anonymousPush.ok()).isFalse();
            assertThat(anonymousPush.output()).contains("could not read Username");
        }
    }

    @Test
    void a_token_without_repo_scope_is_told_so_and_a_stranger_sees_repository_not_found() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String privateUrl = fixture.repository("app", true);
            String publicUrl = fixture.repository("lib", false);
            String readOnly = fixture.adminToken("read only", "[\"read:user\"]");
            String stranger = fixture.token(fixture.user("mallory"), "mallory", "[\"repo\"]");
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("app");

            Result privatePush = git.run(tree, "push", GitServerFixture.withToken(privateUrl, readOnly), "main");
            Result publicPush = git.run(tree, "push", GitServerFixture.withToken(publicUrl, readOnly), "main");
            Result strangerClone = git.run(temp, "clone", GitServerFixture.withToken(privateUrl, stranger), "x");
            Result strangerPush = git.run(tree, "push", GitServerFixture.withToken(publicUrl, stranger), "main");

            assertThat(privatePush.ok()).isFalse();
            assertThat(privatePush.output()).contains("remote: This token lacks the 'repo' scope needed to push").contains("403");
            assertThat(publicPush.ok()).isFalse();
            assertThat(publicPush.output()).contains("remote: This token lacks the 'repo' or 'public_repo' scope").contains("403");
            assertThat(strangerClone.ok()).isFalse();
            assertThat(strangerClone.output()).contains("remote: Repository not found.").contains("not found");
            assertThat(strangerPush.output()).contains("remote: Permission to admin/lib denied to mallory.");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void expired_and_revoked_tokens_tell_git_users_what_happened(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("app", true);
            var created = server.createToken(fixture.adminSession, "{\"name\":\"ci\",\"scopes\":[\"repo\"],\"expires_in_days\":1}");
            String revokedToken = fixture.adminToken("old laptop", "[\"repo\"]");
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("app");
            git.ok(tree, "push", GitServerFixture.withToken(url, created.get("token").asText()), "main");

            server.send("POST", "/api/v1/user/tokens/" + server.get("/api/v1/user/tokens", "token " + fixture.adminSession)
                    .json().get(0).get("id").asLong() + "/revoke", "token " + fixture.adminSession, null);
            Result revoked = git.run(tree, "push", GitServerFixture.withToken(url, revokedToken), "main");
            server.clock().advance(Duration.ofDays(2));
            Result expired = git.run(tree, "fetch", GitServerFixture.withToken(url, created.get("token").asText()));

            assertThat(revoked.ok()).isFalse();
            assertThat(revoked.output()).contains("remote: This token was revoked on").contains("Authentication failed");
            assertThat(expired.ok()).isFalse();
            assertThat(expired.output()).contains("remote: This token expired on").contains("Regenerate it");
        }
    }
}
