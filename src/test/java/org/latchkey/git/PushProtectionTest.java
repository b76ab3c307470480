package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Push protection as its attacker tries it with the real git: a live token hidden in every kind of
 * object or name a push can make reachable is refused, naming where without repeating it; the
 * same push without the token passes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PushProtectionTest {

    @TempDir
    Path temp;

    private TestServer server;
    private GitServerFixture fixture;
    private String pushToken;
    private String leaked;
    private GitClient git;
    private String url;
    private Path tree;

    @BeforeAll
    void startServer() {
        server = TestServer.start(Engine.H2);
        fixture = new GitServerFixture(server);
        pushToken = fixture.adminToken("push", "[\"repo\"]");
        leaked = fixture.adminToken("deploy key", "[\"repo\"]");
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void newRepository() {
        PushScene scene = PushScene.start(fixture, temp.resolve("home"), pushToken);
        git = scene.git();
        tree = scene.tree();
        url = scene.with(pushToken);
    }

    @Test
    void a_token_in_an_older_commit_of_the_pushed_branch_is_refused_though_the_tip_removed_it() throws Exception {
        git.commitFile(tree, "config/ci.env", "REGION=eu\nTOKEN=" + leaked + "\n");
        String leaking = head();
        git.commitFile(tree, "config/ci.env", "REGION=eu\n");

        assertRefused(push("main"), "commit " + leaking + ", config/ci.env:2");
        assertThat(fixture.auditLog()).contains("token.leaked_in_push", "commit " + leaking + ", config/ci.env:2");
        git.ok(tree, "reset", "-q", "--hard", "HEAD~2");
        git.commitFile(tree, "config/ci.env", "REGION=eu\n");
        assertPasses(push("main"));
    }

    @Test
    void a_token_deep_in_a_large_file_is_found_across_read_chunks_and_the_file_without_it_passes() throws Exception {
        StringBuilder big = new StringBuilder(3 << 20);
        while (big.length() < (5 << 19)) {
            big.append("some ordinary line of text\n");
        }
        long lines = big.chars().filter(c -> c == '\n').count();
        write("data/big.txt", big + "key: " + leaked + "\n");
        commitAll("big file");

        assertRefused(push("main"), "commit " + head() + ", data/big.txt:" + (lines + 1));
        write("data/big.txt", big.toString());
        commitAll("big file without the key", "--amend");
        assertPasses(push("main"));
    }

    @Test
    void a_token_in_an_annotated_tag_message_is_refused_and_an_ordinary_tag_passes() throws Exception {
        git.ok(tree, "tag", "-a", "v1", "-m", "release\n\ntoken " + leaked);
        String tag = shortId("v1");

        assertRefused(push("refs/tags/v1"), "the tag message of " + tag);
        git.ok(tree, "tag", "-d", "v1");
        git.ok(tree, "tag", "-a", "v1", "-m", "release");
        assertPasses(push("refs/tags/v1"));
    }

    @Test
    void a_token_as_the_tagger_name_is_refused() {
        git.ok(tree, "-c", "user.name=" + leaked, "tag", "-a", "v1", "-m", "release");

        assertRefused(push("refs/tags/v1"), "the tagger of tag " + shortId("v1"));
        git.ok(tree, "tag", "-d", "v1");
        git.ok(tree, "tag", "-a", "v1", "-m", "release");
        assertPasses(push("refs/tags/v1"));
    }

    @Test
    void a_token_in_a_commit_message_or_as_its_author_is_refused() throws Exception {
        write("a.txt", "a\n");
        git.ok(tree, "add", "a.txt");
        git.ok(tree, "commit", "-q", "-m", "add a\n\nused " + leaked);
        assertRefused(push("main"), "the commit message of " + head());

        git.ok(tree, "commit", "-q", "--amend", "-m", "add a", "--author", leaked + " <dev@example.com>");
        assertRefused(push("main"), "the author of commit " + head());

        git.ok(tree, "-c", "user.email=" + leaked + "@example.com", "commit", "-q", "--amend", "--reset-author", "-m", "add a");
        assertRefused(push("main"), "the committer of commit " + head());

        git.ok(tree, "commit", "-q", "--amend", "--reset-author", "-m", "add a");
        assertPasses(push("main"));
    }

    @Test
    void a_token_as_a_file_or_directory_name_is_refused_without_repeating_the_name() throws Exception {
        write("keys/" + leaked, "nothing secret inside\n");
        commitAll("a file named after a token");
        assertRefused(push("main"), "a file name in commit " + head() + ", in directory keys/");

        git.ok(tree, "reset", "-q", "--hard", "HEAD~1");
        write(leaked + "/readme.txt", "nothing secret inside\n");
        commitAll("a directory named after a token");
        assertRefused(push("main"), "a file name in commit " + head());

        git.ok(tree, "reset", "-q", "--hard", "HEAD~1");
        write("keys/readme.txt", "nothing secret inside\n");
        commitAll("an ordinary name");
        assertPasses(push("main"));
    }

    @Test
    void a_token_as_a_branch_or_tag_name_is_refused() {
        assertRefused(push("HEAD:refs/heads/" + leaked), "the ref name refs/heads/…");
        git.ok(tree, "tag", leaked);
        assertRefused(push("refs/tags/" + leaked), "the ref name refs/tags/…");
        assertPasses(push("HEAD:refs/heads/feature"));
    }

    @Test
    void a_tag_pointing_straight_at_a_blob_or_a_tree_is_read() throws Exception {
        write("loose.txt", "token=" + leaked + "\n");
        String blob = git.ok(tree, "hash-object", "-w", "loose.txt").output().strip();
        git.ok(tree, "tag", "blob-tag", blob);
        assertRefused(push("refs/tags/blob-tag"), "the object refs/tags/blob-tag points at, line 1");

        git.ok(tree, "add", "loose.txt");
        String treeId = git.ok(tree, "write-tree").output().strip();
        git.ok(tree, "update-ref", "refs/tags/tree-tag", treeId);
        assertRefused(push("refs/tags/tree-tag"), "the object refs/tags/tree-tag points at, loose.txt:1");

        write("loose.txt", "nothing\n");
        git.ok(tree, "tag", "clean-blob", git.ok(tree, "hash-object", "-w", "loose.txt").output().strip());
        assertPasses(push("refs/tags/clean-blob"));
    }

    @Test
    void a_token_in_a_git_note_is_refused_and_an_ordinary_note_passes() {
        git.ok(tree, "notes", "add", "-m", "deployed with " + leaked);
        assertRefused(push("refs/notes/commits"), "commit " + shortId("refs/notes/commits") + ", " + head(40) + ":1");

        git.ok(tree, "update-ref", "-d", "refs/notes/commits");
        git.ok(tree, "notes", "add", "-m", "deployed");
        assertPasses(push("refs/notes/commits"));
    }

    @Test
    void a_symlink_whose_target_holds_a_token_is_refused() throws Exception {
        Files.createSymbolicLink(tree.resolve("link"), Path.of("/tmp/" + leaked));
        commitAll("a link");

        assertRefused(push("main"), "commit " + head() + ", link:1");

        Files.delete(tree.resolve("link"));
        Files.createSymbolicLink(tree.resolve("link"), Path.of("/tmp/ordinary"));
        commitAll("a link", "--amend");
        assertPasses(push("main"));
    }

    @Test
    void a_push_adding_a_submodule_passes_quickly() throws Exception {
        Path library = git.newWorkTree("library");
        String commit = git.ok(library, "rev-parse", "HEAD").output().strip();
        git.ok(tree, "update-index", "--add", "--cacheinfo", "160000," + commit + ",vendor/library");
        git.ok(tree, "commit", "-q", "-m", "add a submodule");
        long started = System.nanoTime();

        assertPasses(push("main"));
        assertThat(System.nanoTime() - started).isLessThan(20_000_000_000L);
        assertThat(git.ok(temp, "ls-remote", url).output()).contains(head(40));
    }

    @Test
    void a_push_holding_more_than_a_thousand_different_secrets_is_refused_without_looking_each_up() throws Exception {
        java.security.SecureRandom random = new java.security.SecureRandom();
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            many.append(org.latchkey.token.TokenFormat.generate(org.latchkey.token.TokenType.CLASSIC, random)).append('\n');
        }
        write("fixtures/tokens.txt", many.toString());
        commitAll("many token-shaped strings");

        Result refused = push("main");

        assertThat(refused.ok()).as(refused.output()).isFalse();
        assertThat(refused.output()).contains("it holds more than 1000 different Latchkey token secrets");
    }

    @Test
    void content_already_on_the_server_is_not_read_again() throws Exception {
        var old = server.createToken(fixture.adminSession, "{\"name\":\"old-" + tree.getFileName() + "\",\"scopes\":[]}");
        server.send("POST", "/api/v1/user/tokens/" + old.get("id").asLong() + "/revoke", "token " + fixture.adminSession, null);
        git.commitFile(tree, "old-notes.md", "the old token was " + old.get("token").asText() + "\n");
        assertPasses(push("main"));
        git.commitFile(tree, "more.md", "more\n");
        assertPasses(push("main"));
        git.ok(tree, "tag", "-a", "v1", "-m", "release");
        assertPasses(push("refs/tags/v1"));

        assertThat(countOf(fixture.auditLog(), "old-notes.md:1")).isEqualTo(1);
    }

    private Result push(String refspec) {
        return git.run(tree, "push", url, refspec);
    }

    @Test
    void a_live_client_secret_of_an_oauth_app_is_refused_and_one_no_app_holds_passes() throws Exception {
        String session = server.signInAdmin();
        TestServer.Response app = server.send("POST", "/api/v1/user/oauth-apps", "token " + session,
                "{\"name\":\"Billing\",\"homepage_url\":\"https://billing.example\","
                        + "\"callback_urls\":[\"https://billing.example/cb\"],\"confidential\":true}");
        String secret = app.json().get("client_secret").asText();
        git.commitFile(tree, "billing.env", "CLIENT_SECRET=" + secret + "\n");

        Result refused = push("main");
        assertThat(refused.ok()).as(refused.output()).isFalse();
        assertThat(refused.output()).contains("push declined: it contains a live Latchkey token or client secret")
                .contains("billing.env:1 (the client secret of your OAuth app 'Billing')")
                .contains("oauth-app secret-delete");
        assertThat(refused.output().lines().filter(line -> line.startsWith("remote:"))).noneMatch(line -> line.contains(secret));

        assertThat(server.send("POST", "/api/v1/credentials/revoke", null, "{\"credentials\":[\"" + secret + "\"]}")
                .status()).isEqualTo(202);
        assertPasses(push("main"));
    }

    private void assertRefused(Result result, String location) {
        assertThat(result.ok()).as(result.output()).isFalse();
        assertThat(result.output()).contains("push declined: it contains a live Latchkey token")
                .contains(location).contains("your token 'deploy key'");
        assertThat(result.output().lines().filter(line -> line.startsWith("remote:"))).noneMatch(line -> line.contains(leaked));
    }

    private static void assertPasses(Result result) {
        assertThat(result.ok()).as(result.output()).isTrue();
    }

    private String head() {
        return head(10);
    }

    private String head(int length) {
        return git.ok(tree, "rev-parse", "--short=" + length, "HEAD").output().strip();
    }

    private String shortId(String rev) {
        return git.ok(tree, "rev-parse", "--short=10", rev).output().strip();
    }

    private void write(String path, String content) throws IOException {
        Path file = tree.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private void commitAll(String message, String... options) {
        git.ok(tree, "add", "-A");
        String[] args = new String[4 + options.length];
        args[0] = "commit";
        args[1] = "-q";
        args[2] = "-m";
        args[3] = message;
        System.arraycopy(options, 0, args, 4, options.length);
        git.ok(tree, args);
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
