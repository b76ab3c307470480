package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.ServerProcess;
import org.latchkey.Settings;
import org.latchkey.TestServer;
import org.latchkey.crypto.ServerKey;
import org.latchkey.git.GitClient.Result;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Two nodes on one PostgreSQL database and one shared repositories directory ({@code serve
 * --repositories}): every node serves every repository, pushes racing on one branch through both
 * (two servers in this JVM, or one in a process of its own, as JGit's locks work across processes)
 * leave one winner and a repository {@code git fsck --strict} passes, and a node that loses the
 * directory answers 503 saying so, not "not found".
 */
class ClusterGitTest {

    private static final int ROUNDS = 20;

    @TempDir
    Path temp;

    @Test
    void a_repository_created_through_one_node_is_cloned_and_pushed_through_the_other() throws Exception {
        Path shared = sharedDirectories();
        try (TestServer a = TestServer.start(Engine.POSTGRESQL, on(shared)); TestServer b = a.startPeer(on(shared))) {
            Remotes remotes = remotes(a, b.baseUrl(), "laptop", "website");
            String throughA = remotes.throughA();
            String throughB = remotes.throughB();
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("website");
            git.ok(tree, "push", throughA, "main");

            Result clone = git.run(temp, "clone", throughB, "copy");
            assertThat(clone.ok()).as(clone.output()).isTrue();
            git.commitFile(temp.resolve("copy"), "from-b.txt", "pushed through node B\n");
            git.ok(temp.resolve("copy"), "push", "origin", "main");

            git.ok(tree, "pull", "-q", "--ff-only", throughA, "main");
            assertThat(tree.resolve("from-b.txt")).hasContent("pushed through node B");
            assertThat(a.dataDir().resolve("repositories")).doesNotExist();
            assertThat(b.dataDir().resolve("repositories")).doesNotExist();
        }
    }

    @Test
    void pushes_racing_on_one_branch_through_two_nodes_leave_one_winner_and_a_sound_repository() throws Exception {
        Path shared = sharedDirectories();
        try (TestServer a = TestServer.start(Engine.POSTGRESQL, on(shared)); TestServer b = a.startPeer(on(shared))) {
            Remotes remotes = remotes(a, b.baseUrl(), "race", "race");
            raceRounds(shared, remotes.throughA(), remotes.throughB());
        }
    }

    @Test
    void pushes_racing_through_two_server_processes_leave_one_winner_and_a_sound_repository() throws Exception {
        Path shared = sharedDirectories();
        try (TestServer a = TestServer.start(Engine.POSTGRESQL, on(shared))) {
            Path bData = Files.createDirectory(temp.resolve("node-b-data"));
            Files.copy(a.dataDir().resolve(ServerKey.FILE_NAME), bData.resolve(ServerKey.FILE_NAME));
            try (ServerProcess b = ServerProcess.start(bData, a.postgres().url(),
                    "--repositories", shared.resolve("repositories").toString(),
                    "--packages", shared.resolve("packages").toString())) {
                Remotes remotes = remotes(a, b.client().baseUrl(), "race", "race");
                raceRounds(shared, remotes.throughA(), remotes.throughB());
            }
        }
    }

    /**
     * Rounds of two pushes on main, one through each node, from the same tip; each round exactly
     * one wins, the other is refused, both nodes show the winner (prints how many lost on the
 * server's ref lock rather than to git's own non-fast-forward check); then {@code git fsck --strict}
     * passes on the bare repository and a clone through each node holds every winner.
     */
    private void raceRounds(Path shared, String throughA, String throughB) throws Exception {
        GitClient git = new GitClient(temp.resolve("home"));
        Path first = git.newWorkTree("race");
        git.ok(first, "push", throughA, "main");
        git.ok(temp, "clone", "-q", throughB, "second");
        Path second = temp.resolve("second");
        git.ok(first, "remote", "add", "origin", throughA);

        List<String> winners = new ArrayList<>();
        int lockLosses = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (Path tree : List.of(first, second)) {
                git.ok(tree, "fetch", "-q", "origin");
                git.ok(tree, "reset", "-q", "--hard", "origin/main");
            }
            git.commitFile(first, "a-" + round + ".txt", PushRace.bulk("node A, round " + round));
            git.commitFile(second, "b-" + round + ".txt", PushRace.bulk("node B, round " + round));

            List<Result> pushes = PushRace.race(List.of(first, second), tree -> git.run(tree, "push", "origin", "main"));

            assertThat(pushes.stream().filter(Result::ok)).as("round %d: %s", round, pushes).hasSize(1);
            Result lost = pushes.get(0).ok() ? pushes.get(1) : pushes.get(0);
            assertThat(lost.output()).as("round " + round)
                    .containsAnyOf("another push updated refs/heads/main while you pushed", "fetch first",
                            "non-fast-forward");
            lockLosses += lost.output().contains("[remote rejected]") ? 1 : 0;
            Path winner = pushes.get(0).ok() ? first : second;
            String tip = git.ok(winner, "rev-parse", "HEAD").output().strip();
            winners.add(tip);
            for (String node : List.of(throughA, throughB)) {
                assertThat(git.ok(temp, "ls-remote", node, "refs/heads/main").output()).as("round " + round)
                        .startsWith(tip);
            }
        }

        System.out.printf("push race: %d rounds, %d lost on the server's ref lock, the others to git's own check%n",
                ROUNDS, lockLosses);
        assertThat(lockLosses).as("rounds in which both pushes reached the server's ref update").isPositive();
        Path bare = onlyRepository(shared.resolve("repositories"));
        Result fsck = git.run(bare, "fsck", "--strict", "--no-dangling");
        assertThat(fsck.ok()).as(fsck.output()).isTrue();
        for (String node : List.of(throughA, throughB)) {
            Path clone = temp.resolve("final-" + (node.equals(throughA) ? "a" : "b"));
            git.ok(temp, "clone", "-q", node, clone.toString());
            assertThat(git.ok(clone, "rev-parse", "HEAD").output().strip()).isEqualTo(winners.get(ROUNDS - 1));
            assertThat(git.ok(clone, "rev-list", "--count", "HEAD").output().strip())
                    .isEqualTo(Integer.toString(ROUNDS + 1));
        }
    }

    @Test
    void a_node_that_loses_the_shared_directory_answers_503_saying_so_and_serves_again_once_it_is_back() throws Exception {
        Path shared = sharedDirectories();
        Path mount = temp.resolve("node-b-mount");
        Files.createSymbolicLink(mount, shared.resolve("repositories"));
        try (TestServer a = TestServer.start(Engine.POSTGRESQL, on(shared));
             TestServer b = a.startPeer(settings -> settings.withSharedFiles(mount, shared.resolve("packages")))) {
            Remotes remotes = remotes(a, b.baseUrl(), "laptop", "app");
            String throughA = remotes.throughA();
            String throughB = remotes.throughB();
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("app");
            git.ok(tree, "push", throughA, "main");

            Files.delete(mount);
            Result missing = git.run(temp, "clone", throughB, "missing");
            Files.writeString(mount, "a file where the directory was mounted");
            Result replaced = git.run(tree, "push", throughB, "main");
            Result stillOnA = git.run(temp, "clone", throughA, "on-a");
            Files.delete(mount);
            Files.createSymbolicLink(mount, shared.resolve("repositories"));
            Result back = git.run(temp, "clone", throughB, "back");

            for (Result refused : List.of(missing, replaced)) {
                assertThat(refused.ok()).isFalse();
                assertThat(refused.output()).contains("503").contains("remote: This node cannot reach its repository storage.")
                        .doesNotContain("not found").doesNotContain(mount.toString());
            }
            assertThat(stillOnA.ok()).as(stillOnA.output()).isTrue();
            assertThat(back.ok()).as(back.output()).isTrue();
        }
    }

    /** A repository's URLs through node A and through node B (at {@code bBaseUrl}), with an administrator's token. */
    private record Remotes(String throughA, String throughB) {
    }

    private static Remotes remotes(TestServer a, String bBaseUrl, String tokenName, String repository) {
        GitServerFixture fixture = new GitServerFixture(a);
        String token = fixture.adminToken(tokenName, "[\"repo\"]");
        String url = fixture.repository(repository, true);
        Remotes remotes = new Remotes(GitServerFixture.withToken(url, token),
                GitServerFixture.withToken(url.replace(a.baseUrl(), bBaseUrl), token));
        assertThat(remotes.throughB()).isNotEqualTo(remotes.throughA());
        return remotes;
    }

    private Path sharedDirectories() throws Exception {
        Path shared = temp.resolve("shared");
        Files.createDirectories(shared.resolve("repositories"));
        Files.createDirectories(shared.resolve("packages"));
        return shared;
    }

    private static UnaryOperator<Settings> on(Path shared) {
        return settings -> settings.withSharedFiles(shared.resolve("repositories"), shared.resolve("packages"));
    }

    private static Path onlyRepository(Path root) throws Exception {
        try (Stream<Path> repositories = Files.list(root)) {
            List<Path> all = repositories.filter(path -> path.toString().endsWith(".git")).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }
}
