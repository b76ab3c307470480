package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.latchkey.ApiClient;
import org.latchkey.TestServer.Response;
import org.latchkey.http.Load.Sent;
import org.latchkey.http.Load.Target;
import org.latchkey.store.TestDatabases;

/**
 * Three {@code latchkey serve} processes on one PostgreSQL database behind a real nginx (round
 * robin): changes that must stop a credential (revoke, regenerate, suspend, account disable) race
 * requests sent through nginx and straight to every node, and no request sent after the change's
 * call returned is accepted, also while a node's notification connection is killed or silent or
 * the node itself is paused; a node killed with {@code kill -9} under load loses nothing
 * acknowledged. Each round has client addresses of its own (127.61.x.y on), none used for more than
 * {@value Load#PER_ADDRESS} requests, so no address lockout (30 failures) hides a node's answer, and
 * the round's token is first accepted by every node from the round's first address. Rate limits are
 * off here ({@code ThreeNodeSharedStateTest} tests them), so no 429 hides an answer either; dead
 * tokens are throttled per token, only once a node knows them dead.
 *
 * <p>{@code -Dlatchkey.cluster.requests=N} sets how many requests the plain race sends (default
 * 100,000); {@code -Dlatchkey.soak=true} makes it 1,000,000 and keeps each fault round's requests
 * going 10 s after the change instead of 1.5 s.
 */
@TestMethodOrder(OrderAnnotation.class)
class ThreeNodeClusterTest {

    private static final boolean SOAK = Boolean.getBoolean("latchkey.soak");
    private static final int REQUESTS = Integer.getInteger("latchkey.cluster.requests", SOAK ? 1_000_000 : 100_000);
    private static final int PER_ROUND = 2_500;
    private static final long FAULT_MILLIS = SOAK ? 10_000 : 1_500;
    private static final long LONGEST_FAULT = SOAK ? 30_000 : 8_000;
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    private static NginxCluster cluster;
    private static String admin;

    /** A change that must stop the token at once on every node. */
    enum Change { REVOKE, REGENERATE, SUSPEND, DISABLE }

    /** What goes wrong on one node while the change is made. */
    enum Fault { NONE, LISTENER_KILLED, LISTENER_SILENT, NODE_PAUSED }

    /** A token to race on, owned by the admin or (for DISABLE) by a user made for the round. */
    record Subject(long id, String secret, String login) {
    }

    /**
     * A round's requests, when its change was called and returned ({@code System.nanoTime()}), and
     * the invalidation sequence and node table read just after it returned.
     */
    record Round(int number, Change change, int through, Fault fault, int faulty, long called, long returned,
            String nodesAfterCall, List<Sent> sent) {

        List<Sent> late() {
            return sent.stream().filter(s -> s.status() == 200 && s.sentNanos() > returned).toList();
        }

        /** Whether this node answered 200 to one of the round's requests before the change was called. */
        boolean acceptedBefore(int node) {
            return sent.stream().anyMatch(s -> s.node() == node && s.status() == 200 && s.answeredNanos() < called);
        }

        long acceptedWhileCalling() {
            return sent.stream().filter(s -> s.status() == 200 && s.answeredNanos() > called).count();
        }

        String describe() {
            return String.format(Locale.ROOT, "round %d: %s through node %d%s, %d requests, the call took %.1f ms,"
                    + " %d accepted after it was called, %d sent after it returned were accepted",
                    number, change, through, fault == Fault.NONE ? "" : " with " + fault + " on node " + faulty,
                    sent.size(), (returned - called) / 1e6, acceptedWhileCalling(), late().size());
        }

        String explainLate() {
            StringBuilder text = new StringBuilder(describe()).append("; the node table just after the call: ")
                    .append(nodesAfterCall).append(":\n");
            late().stream().limit(10).forEach(s -> text.append(String.format(Locale.ROOT,
                    "  node %d (via %s) accepted a request sent %.1f ms after the call returned (answered %.1f ms after)%n",
                    s.node(), s.target(), (s.sentNanos() - returned) / 1e6, (s.answeredNanos() - returned) / 1e6)));
            return text.toString();
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = NginxCluster.start(3, "--rate-limit-per-hour", "0");
        admin = "token " + cluster.signInAdmin();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void changes_racing_requests_on_every_node_leave_no_request_sent_after_the_call_accepted() throws Exception {
        int rounds = Math.max(Change.values().length, REQUESTS / PER_ROUND);
        List<Round> done = new ArrayList<>();
        long started = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            Round round = race(r, Change.values()[r % Change.values().length], r % 3, Fault.NONE, -1, PER_ROUND, 0, 1);
            done.add(round);
            checkAcceptedBefore(round);
        }
        long requests = done.stream().mapToLong(r -> r.sent().size()).sum();
        List<Round> lost = done.stream().filter(r -> !r.late().isEmpty()).toList();
        System.out.printf(Locale.ROOT, "cluster race: %d rounds, %d requests in %.1f s; change call p50 %.1f ms, p99 %.1f ms;"
                + " %d rounds with late acceptances%n", rounds, requests, (System.nanoTime() - started) / 1e9,
                percentile(done, 0.5), percentile(done, 0.99), lost.size());
        assertThat(lost.size()).as(lost.stream().map(Round::explainLate).reduce("", String::concat)).isZero();
        assertThat(requests).isGreaterThanOrEqualTo((long) rounds * PER_ROUND);
    }

    @Test
    @Order(2)
    void a_node_whose_notification_connection_is_killed_accepts_nothing_late_and_recovers() throws Exception {
        faultRounds(Fault.LISTENER_KILLED);
    }

    @Test
    @Order(3)
    void a_node_whose_notification_connection_falls_silent_accepts_nothing_late_and_recovers() throws Exception {
        faultRounds(Fault.LISTENER_SILENT);
    }

    @Test
    @Order(4)
    void a_paused_node_accepts_nothing_late_once_it_runs_again_and_recovers() throws Exception {
        faultRounds(Fault.NODE_PAUSED);
    }

    @Test
    @Order(5)
    void a_node_killed_under_load_is_skipped_by_nginx_and_nothing_acknowledged_is_lost() throws Exception {
        String reader = "token " + cluster.node(0).client().createToken(admin.substring(6),
                "{\"name\":\"reader\",\"scopes\":[\"repo\"]}").get("token").asText();
        Load reads = Load.start(cluster, List.of(new Target("nginx", cluster.url(), -1)), 3, ThreeNodeClusterTest::nextAddress,
                "/api/v1/user", reader);
        Creations creations = Creations.start(cluster.viaNginx(), admin, 2);
        Thread.sleep(1_500);
        cluster.node(2).kill();
        long killed = System.nanoTime();
        Thread.sleep(3_000);
        List<Creations.Created> created = creations.stop();
        List<Sent> sent = reads.stop();

        long settled = killed + 1_000_000_000L;
        List<Sent> afterKill = sent.stream().filter(s -> s.sentNanos() > settled).toList();
        assertThat(afterKill).as("reads through nginx a second after node 2 was killed").isNotEmpty();
        assertThat(afterKill.stream().filter(s -> s.status() != 200).count())
                .as("reads through nginx a second after node 2 was killed that failed: %s",
                        afterKill.stream().filter(s -> s.status() != 200).limit(5).toList()).isZero();
        assertThat(afterKill.stream().map(Sent::node).distinct()).as("nodes answering after the kill").doesNotContain(2);
        List<Creations.Created> acknowledged = created.stream().filter(c -> c.secret() != null).toList();
        assertThat(acknowledged.stream().filter(c -> c.sentNanos() > settled)).as("tokens created after the kill").isNotEmpty();
        assertThat(created.stream().filter(c -> c.secret() == null && c.sentNanos() > settled))
                .as("creations through nginx refused a second after the kill").isEmpty();
        for (Creations.Created token : acknowledged) {
            for (int node = 0; node < 2; node++) {
                assertThat(cluster.node(node).client().get("/api/v1/user", token.secret()).status())
                        .as("token %s, acknowledged with 201 %.1f ms after the kill, on node %d", token.id(),
                                (token.answeredNanos() - killed) / 1e6, node).isEqualTo(200);
            }
        }
        Response verdict = cluster.node(0).client().get("/api/v1/admin/audit-log/verify", admin);
        assertThat(verdict.json().get("intact").asBoolean()).as(verdict.body()).isTrue();
        System.out.printf(Locale.ROOT, "cluster kill -9: %d reads through nginx (%d after the kill), %d tokens acknowledged,"
                + " %d creations without an answer; the audit chain holds %d events%n", sent.size(), afterKill.size(),
                acknowledged.size(), created.size() - acknowledged.size(), verdict.json().get("checked").asLong());
    }

    /** Each node accepted the round's token under load before the change, so a refusal afterwards is the change's doing. */
    private static void checkAcceptedBefore(Round round) {
        for (int node = 0; node < cluster.size(); node++) {
            assertThat(round.acceptedBefore(node)).as("node %d accepted the token before the change in %s", node,
                    round.describe()).isTrue();
        }
    }

    /** One round per change, the fault on a node other than the one the change goes through. */
    private static void faultRounds(Fault fault) throws Exception {
        for (Change change : Change.values()) {
            int through = change.ordinal() % 3;
            int faulty = (through + 1) % 3;
            Round round = race(100 + fault.ordinal() * 10 + change.ordinal(), change, through, fault, faulty, 600, FAULT_MILLIS, 3);
            System.out.println("cluster race: " + round.describe());
            checkAcceptedBefore(round);
            assertThat(round.late().size()).as(round.explainLate()).isZero();
            awaitRecovered(faulty, round);
        }
    }

    /**
     * One round: a fresh token accepted first by every node straight from the round's address, then
     * requests through nginx and straight to each node; once a third of {@code requests} are
     * answered the fault (if any) begins and the change is called through node {@code through};
     * the requests go on for at least {@code faultMillis} after it returned and until {@code
     * requests} are answered; then the fault ends and they go on for a while longer. More threads
     * per target leave more requests waiting at a paused node when it runs again.
     */
    private static Round race(int number, Change change, int through, Fault fault, int faulty, int requests,
            long faultMillis, int threadsPerTarget) throws Exception {
        InetAddress from = nextAddress();
        Subject subject = subject(number, change);
        for (int node = 0; node < cluster.size(); node++) {
            try (Probe probe = new Probe(cluster.node(node).client().baseUrl(), from, 20_000)) {
                assertThat(probe.get("/api/v1/user", subject.secret()).status())
                        .as("round %d: node %d accepts the fresh token before the %s", number, node, change).isEqualTo(200);
            }
        }
        List<Target> targets = new ArrayList<>(List.of(new Target("nginx", cluster.url(), -1)));
        IntStream.range(0, cluster.size()).forEach(i -> targets.add(new Target("node" + i, cluster.node(i).client().baseUrl(), i)));
        Load load = Load.start(cluster, targets, threadsPerTarget, ThreeNodeClusterTest::nextAddress, "/api/v1/user",
                subject.secret());
        AutoCloseable undo = () -> { };
        long called;
        long returned;
        String nodesAfterCall;
        try {
            awaitCount(load, requests / 3);
            undo = begin(fault, faulty);
            if (fault != Fault.NONE) {
                Thread.sleep(200);
            }
            called = System.nanoTime();
            Response answer = apply(change, cluster.node(through).client(), subject);
            returned = System.nanoTime();
            assertThat(answer.status()).as("round %d: %s through node %d: %s", number, change, through, answer.body())
                    .isEqualTo(change == Change.REVOKE ? 204 : 200);
            nodesAfterCall = "invalidation sequence " + cluster.invalidationSequence() + ", "
                    + cluster.node(through).client().get("/api/v1/admin/nodes", admin).body();
            long until = returned + faultMillis * 1_000_000;
            awaitCount(load, requests);
            sleepUntil(until);
        } catch (Exception | Error e) {
            undo.close();
            load.stop();
            throw e;
        } finally {
            undo.close();
        }
        if (fault != Fault.NONE) {
            Thread.sleep(500);
        }
        return new Round(number, change, through, fault, faulty, called, returned, nodesAfterCall, load.stop());
    }

    /**
     * Starts the fault on the node; the result ends it, and so does a timer after {@link #LONGEST_FAULT}
     * (a paused process may hold a lock the change's call waits for, as a stalled host would).
     */
    private static AutoCloseable begin(Fault fault, int node) throws Exception {
        return switch (fault) {
            case NONE -> () -> { };
            case LISTENER_KILLED -> {
                cluster.terminateListener(node, admin);
                yield () -> { };
            }
            case LISTENER_SILENT -> {
                long backend = cluster.listenerBackend(node, admin);
                Assumptions.assumeTrue(NginxCluster.isLocalPostgres(backend),
                        "the PostgreSQL server is not on this machine: its backend cannot be stopped with kill -STOP");
                stopIdle(backend);
                System.out.println("cluster race: stopped node " + node + "'s listener " + cluster.backendActivity(backend));
                yield resumeOnce(() -> TestDatabases.signal(backend, "CONT"));
            }
            case NODE_PAUSED -> {
                cluster.node(node).signal("STOP");
                yield resumeOnce(() -> cluster.node(node).signal("CONT"));
            }
        };
    }

    /**
     * Stops the backend while it waits for its client, as a lost network leaves it; a backend
     * caught running a statement (holding locks a network loss would not leave held) is let go
     * and tried again.
     */
    private static void stopIdle(long backend) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            TestDatabases.signal(backend, "STOP");
            if (cluster.backendActivity(backend).contains(", idle, ") || attempt == 50) {
                return;
            }
            TestDatabases.signal(backend, "CONT");
            Thread.sleep(7);
        }
    }

    private static AutoCloseable resumeOnce(Runnable resume) {
        AtomicBoolean resumed = new AtomicBoolean();
        AutoCloseable end = () -> {
            if (resumed.compareAndSet(false, true)) {
                resume.run();
            }
        };
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(LONGEST_FAULT);
                end.close();
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        }, "fault-timer");
        timer.setDaemon(true);
        timer.start();
        return end;
    }

    private static Subject subject(int round, Change change) {
        ApiClient client = cluster.node(round % 3).client();
        String session = admin.substring("token ".length());
        String login = null;
        if (change == Change.DISABLE) {
            login = "racer" + round;
            String password = "a long password for " + login;
            client.createUser(session, login, password);
            session = client.signIn(login, password);
        }
        JsonNode token = client.createToken(session, "{\"name\":\"race-" + round + "\",\"scopes\":[\"repo\"]}");
        return new Subject(token.get("id").asLong(), "token " + token.get("token").asText(), login);
    }

    private static Response apply(Change change, ApiClient node, Subject subject) {
        String tokens = "/api/v1/user/tokens/" + subject.id();
        return switch (change) {
            case REVOKE -> node.send("POST", tokens + "/revoke", admin, null);
            case REGENERATE -> node.send("POST", tokens + "/regenerate", admin, null);
            case SUSPEND -> node.send("POST", tokens + "/suspend", admin, null);
            case DISABLE -> node.send("PUT", "/api/v1/admin/users/" + subject.login() + "/disabled", admin, null);
        };
    }

    /** The faulty node holds its lease again, answers /ready, and accepts a fresh token straight away. */
    private static void awaitRecovered(int node, Round round) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        ApiClient client = cluster.node(node).client();
        while (client.get("/ready", null).status() != 200
                || !cluster.nodeRow(node, admin).get("lease_state").asText().equals("held")) {
            assertThat(System.nanoTime()).as("node %d holds no lease or is not ready 30 s after %s: %s", node,
                    round.describe(), cluster.nodeRow(node, admin)).isLessThan(deadline);
            Thread.sleep(100);
        }
        String fresh = "token " + cluster.node(0).client().createToken(admin.substring(6),
                "{\"name\":\"after-" + round.number() + "\",\"scopes\":[\"repo\"]}").get("token").asText();
        assertThat(client.get("/api/v1/user", fresh).status()).as("node %d after %s", node, round.describe()).isEqualTo(200);
    }

    private static void awaitCount(Load load, long count) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (load.count() < count && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private static double percentile(List<Round> rounds, double p) {
        List<Long> took = new ArrayList<>(rounds.stream().map(r -> r.returned() - r.called()).toList());
        Collections.sort(took);
        return took.get(Math.min(took.size() - 1, (int) Math.ceil(p * took.size()) - 1)) / 1e6;
    }

    /** 127.x.y.z from 127.61.0.1 on, a new one for every call. */
    static InetAddress nextAddress() {
        int n = ADDRESSES.getAndIncrement();
        try {
            return InetAddress.getByAddress(new byte[] {127, (byte) (61 + n / 62_500), (byte) (n / 250 % 250),
                (byte) (n % 250 + 1)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
