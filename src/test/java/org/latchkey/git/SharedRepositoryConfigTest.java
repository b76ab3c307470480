package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.git.GitClient.Result;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Every repository is configured so that JGit rereads what another node may have changed instead
 * of trusting cached file attributes: a new one at creation, one created before that setting at
 * its first use, which goes on working.
 */
class SharedRepositoryConfigTest {

    @TempDir
    Path temp;

    @Test
    void a_new_repository_and_an_older_one_at_its_first_use_do_not_trust_cached_file_attributes() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = GitServerFixture.withToken(fixture.repository("old", true), fixture.adminToken("t", "[\"repo\"]"));
            GitClient git = new GitClient(temp.resolve("home"));
            Path bare = onlyRepository(server.dataDir().resolve("repositories"));
            assertThat(config(git, bare)).contains("core.truststat=after_open", "core.trustpackstat=never",
                    "core.trustpackedrefsstat=never");
            for (String key : List.of("core.trustStat", "core.trustPackStat", "core.trustPackedRefsStat")) {
                git.ok(bare, "config", "--unset", key);
            }

            Path tree = git.newWorkTree("old");
            Result push = git.run(tree, "push", url, "main");

            assertThat(push.ok()).as(push.output()).isTrue();
            assertThat(config(git, bare)).contains("core.truststat=after_open", "core.trustpackstat=never",
                    "core.trustpackedrefsstat=never", "receive.fsckobjects=true");
            assertThat(git.run(bare, "fsck", "--strict").ok()).isTrue();
        }
    }

    private static String config(GitClient git, Path bare) {
        return git.ok(bare, "config", "--list", "--local").output();
    }

    private static Path onlyRepository(Path root) throws Exception {
        try (Stream<Path> repositories = Files.list(root)) {
            return repositories.filter(path -> path.toString().endsWith(".git")).findFirst().orElseThrow();
        }
    }
}
