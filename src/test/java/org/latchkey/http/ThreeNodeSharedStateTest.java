package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latchkey.TestServer.Response;
import org.latchkey.git.PushRace;

/**
 * Three {@code latchkey serve} processes on one PostgreSQL database and one repositories
 * directory, behind a real nginx (round robin): a rate limit of 100 an hour spread over the three
 * allows at most 100 plus the documented bound (nodes × rate per node × 1 s, docs/architecture.md
 * "The bound"), an address lockout reached through nginx holds on every node, and git clones and
 * pushes through every node and through nginx, with pushes racing through all three at once
 * leaving one winner a round and a repository {@code git fsck --strict} passes (each git remote
 * with a token of its own: the limit of 100 an hour holds for git too).
 */
class ThreeNodeSharedStateTest {

    private static final int LIMIT = 100;
    private static final int PER_SECOND = 60;
    private static final int RACE_ROUNDS = 5;
    private static final int ADDRESS_RULE = 30;
    private static final int GUESSES_PER_SECOND = 30;

    private static NginxCluster cluster;
    private static String admin;
    private static int addresses;
    private static int gitTokens;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = NginxCluster.start(3, "--rate-limit-per-hour", Integer.toString(LIMIT));
        admin = "token " + cluster.signInAdmin();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void a_rate_limit_of_100_spread_over_three_nodes_allows_at_most_100_plus_the_bound() throws Exception {
        String token = newToken("limited");
        List<Long> sent = new ArrayList<>();
        int accepted = 0;
        int limited = 0;
        try (Probe nginx = new Probe(cluster.url(), address(), 20_000)) {
            long start = System.nanoTime();
            for (int i = 0; i < 4 * PER_SECOND; i++) {
                sleepUntil(start + i * 1_000_000_000L / PER_SECOND);
                sent.add(System.nanoTime());
                int status = nginx.get("/api/v1/user", token).status();
                accepted += status == 200 ? 1 : 0;
                limited += status == 429 ? 1 : 0;
            }
        }
        int bound = mostInOneSecond(sent);
        System.out.printf(Locale.ROOT, "cluster rate limit: %d accepted of %d for a limit of %d; bound %d (most sent in one second)%n",
                accepted, sent.size(), LIMIT, bound);

        assertThat(accepted + limited).isEqualTo(sent.size());
        assertThat(accepted).as("accepted for a limit of %d at %d a second through nginx", LIMIT, PER_SECOND)
                .isBetween(LIMIT, LIMIT + bound);
        Thread.sleep(1_500);
        for (int node = 0; node < cluster.size(); node++) {
            Response refused = cluster.node(node).client().get("/api/v1/user", token);
            assertThat(refused.status()).as("node %d", node).isEqualTo(429);
            assertThat(refused.json().get("error").asText()).as("node %d", node).isEqualTo("rate_limited");
        }
    }

    @Test
    void an_address_locked_out_through_nginx_is_locked_out_on_every_node() throws Exception {
        String good = newToken("good");
        InetAddress guesser = address();
        List<Long> sent = new ArrayList<>();
        int tries = 0;
        try (Probe nginx = new Probe(cluster.url(), guesser, 20_000)) {
            long start = System.nanoTime();
            for (int i = 0; ; i++) {
                assertThat(i).as("guesses before the lockout").isLessThan(10 * ADDRESS_RULE);
                sleepUntil(start + i * 1_000_000_000L / GUESSES_PER_SECOND);
                sent.add(System.nanoTime());
                int status = nginx.get("/api/v1/user", "token ghp_notARealTokenButWellShaped" + i).status();
                if (status == 429) {
                    break;
                }
                assertThat(status).isEqualTo(401);
                tries++;
            }
        }
        int bound = mostInOneSecond(sent);
        System.out.printf(Locale.ROOT, "cluster lockout: %d wrong tries through nginx before the address was locked out;"
                + " rule %d, bound %d%n", tries, ADDRESS_RULE, bound);
        assertThat(tries).isBetween(ADDRESS_RULE - 1, ADDRESS_RULE + bound);

        Thread.sleep(1_500);
        for (int node = 0; node < cluster.size(); node++) {
            try (Probe locked = new Probe(cluster.node(node).client().baseUrl(), guesser, 20_000);
                 Probe elsewhere = new Probe(cluster.node(node).client().baseUrl(), address(), 20_000)) {
                assertThat(locked.get("/api/v1/user", good).status()).as("the guesser's good token on node %d", node)
                        .isEqualTo(429);
                assertThat(elsewhere.get("/api/v1/user", good).status()).as("the good token from elsewhere on node %d", node)
                        .isEqualTo(200);
            }
        }
        try (Probe nginx = new Probe(cluster.url(), guesser, 20_000)) {
            for (int i = 0; i < cluster.size(); i++) {
                assertThat(nginx.get("/api/v1/user", good).status()).as("the guesser through nginx").isEqualTo(429);
            }
        }
    }

    @Test
    void git_clones_and_pushes_through_every_node_and_nginx_and_racing_pushes_leave_one_winner_and_a_sound_repository()
            throws Exception {
        Path home = Files.createDirectories(cluster.temp().resolve("git-home"));
        Response created = cluster.node(0).client().send("POST", "/api/v1/user/repos", admin,
                "{\"name\":\"shared\",\"private\":true}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String path = created.json().get("clone_url").asText().replaceFirst("^http://[^/]+", "");
        List<String> bases = new ArrayList<>();
        IntStream.range(0, cluster.size()).forEach(i -> bases.add(cluster.node(i).client().baseUrl()));
        bases.add(cluster.url());
        List<String> remotes = bases.stream().map(base -> remote(base, path)).toList();

        Path first = Files.createDirectories(home.resolve("first"));
        Files.writeString(first.resolve("README.md"), "# shared\n");
        git(first, "init", "-q", "-b", "main");
        git(first, "add", ".");
        git(first, "commit", "-q", "-m", "first commit");
        git(first, "push", "-q", remotes.get(0), "main");
        for (int i = 1; i < remotes.size(); i++) {
            Path clone = home.resolve("clone" + i);
            git(home, "clone", "-q", remotes.get(i), clone.toString());
            Files.writeString(clone.resolve("from-" + i + ".txt"), "pushed through remote " + i + "\n");
            git(clone, "add", ".");
            git(clone, "commit", "-q", "-m", "through remote " + i);
            git(clone, "push", "-q", "origin", "main");
        }
        String tip = git(home.resolve("clone" + (remotes.size() - 1)), "rev-parse", "HEAD").strip();
        for (String remote : remotes) {
            assertThat(git(home, "ls-remote", remote, "refs/heads/main")).as("main through %s", redact(remote)).startsWith(tip);
        }

        List<Path> racers = new ArrayList<>();
        for (int node = 0; node < cluster.size(); node++) {
            Path racer = home.resolve("racer" + node);
            git(home, "clone", "-q", remote(bases.get(node), path), racer.toString());
            racers.add(racer);
        }
        for (int round = 0; round < RACE_ROUNDS; round++) {
            for (int node = 0; node < racers.size(); node++) {
                Path racer = racers.get(node);
                git(racer, "fetch", "-q", "origin");
                git(racer, "reset", "-q", "--hard", "origin/main");
                Files.writeString(racer.resolve("node" + node + "-" + round + ".txt"), PushRace.bulk("node " + node + ", round " + round));
                git(racer, "add", ".");
                git(racer, "commit", "-q", "-m", "node " + node + ", round " + round);
            }
            List<Result> pushes = PushRace.race(racers, racer -> run(racer, "push", "-q", "origin", "main"));
            assertThat(pushes.stream().filter(Result::ok).count()).as("round %d: %s", round, pushes).isEqualTo(1);
        }
        Path bare;
        try (Stream<Path> repositories = Files.list(Path.of(cluster.repositories()))) {
            bare = repositories.filter(p -> p.toString().endsWith(".git")).findFirst().orElseThrow();
        }
        Result fsck = run(bare, "fsck", "--strict", "--no-dangling");
        assertThat(fsck.ok()).as(fsck.output()).isTrue();
        Path last = home.resolve("last");
        git(home, "clone", "-q", remote(cluster.url(), path), last.toString());
        assertThat(git(last, "rev-list", "--count", "HEAD").strip()).isEqualTo(Integer.toString(remotes.size() + RACE_ROUNDS));
    }

    private static String newToken(String name) {
        return "token " + cluster.node(0).client().createToken(admin.substring(6),
                "{\"name\":\"" + name + "\",\"scopes\":[\"repo\"]}").get("token").asText();
    }

    /** 127.62.x.y: addresses the race test does not use, a new one each call. */
    private static InetAddress address() throws IOException {
        int n = addresses++;
        return InetAddress.getByAddress(new byte[] {127, 62, (byte) (n / 250), (byte) (n % 250 + 1)});
    }

    private static int mostInOneSecond(List<Long> sent) {
        int most = 0;
        for (int i = 0, j = 0; i < sent.size(); i++) {
            while (sent.get(i) - sent.get(j) >= 1_000_000_000L) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    /** The repository's URL at this base with a token of its own (each spends at most 100 requests an hour). */
    private static String remote(String baseUrl, String path) {
        String token = newToken("git-" + gitTokens++).substring("token ".length());
        return baseUrl.replace("http://", "http://x-access-token:" + token + "@") + path;
    }

    private static String redact(String remote) {
        return remote.replaceAll("//[^@]+@", "//");
    }

    /** What a git command printed and whether it succeeded. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ": " + redact(output.strip());
        }
    }

    private static String git(Path directory, String... args) {
        Result result = run(directory, args);
        assertThat(result.ok()).as("git %s", redact(String.join(" ", args))).withFailMessage("%s", result).isTrue();
        return result.output();
    }

    private static Result run(Path directory, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test User", "-c", "user.email=test@example.com"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("GIT_") || name.startsWith("LATCHKEY_"));
        builder.environment().put("HOME", cluster.temp().resolve("git-home").toString());
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        builder.environment().put("LANG", "C");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("git " + redact(String.join(" ", args)) + " did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
