package org.latchkey.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Threads sending one GET after another with one credential, each on its own kept-alive
 * connection, to nginx or straight to a node, recording for every request when it was sent, when it
 * was answered, how, and by which node. Each thread connects from a new client address every
 * {@value #PER_ADDRESS} requests, fewer than the 30 failures that lock an address out, so no
 * address lockout can hide how a node answers a secret it no longer knows.
 */
final class Load {

    /** Where requests go: nginx (node -1: the answer's {@code X-Upstream} says which node) or one node. */
    record Target(String name, String baseUrl, int node) {
    }

    /** One request: its target, the node that answered (-1: unknown), its timing ({@code System.nanoTime()}) and status (0: no answer). */
    record Sent(String target, int node, long sentNanos, long answeredNanos, int status) {
    }

    static final int PER_ADDRESS = 25;

    private final List<Thread> threads = new ArrayList<>();
    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong count = new AtomicLong();
    private volatile boolean stopped;

    private Load() {
    }

    /** Starts {@code perTarget} threads for each target, sending {@code GET path} with this Authorization. */
    static Load start(NginxCluster cluster, List<Target> targets, int perTarget, Supplier<InetAddress> from, String path,
            String authorization) {
        Load load = new Load();
        for (Target target : targets) {
            for (int i = 0; i < perTarget; i++) {
                Thread thread = new Thread(() -> load.run(cluster, target, from, path, authorization), "load-" + target.name() + "-" + i);
                thread.setDaemon(true);
                load.threads.add(thread);
            }
        }
        load.threads.forEach(Thread::start);
        return load;
    }

    private void run(NginxCluster cluster, Target target, Supplier<InetAddress> from, String path, String authorization) {
        List<Sent> mine = new ArrayList<>();
        Probe probe = null;
        try {
            for (int n = 0; !stopped; n++) {
                if (n % PER_ADDRESS == 0) {
                    if (probe != null) {
                        probe.close();
                    }
                    probe = new Probe(target.baseUrl(), from.get(), 60_000);
                }
                long start = System.nanoTime();
                Probe.Answer answer = probe.get(path, authorization);
                long end = System.nanoTime();
                mine.add(new Sent(target.name(), target.node() >= 0 ? target.node() : cluster.nodeAt(answer.upstream()),
                        start, end, answer.status()));
                count.incrementAndGet();
                if (answer.status() == 0) {
                    pause();
                }
            }
        } finally {
            if (probe != null) {
                probe.close();
            }
        }
        sent.addAll(mine);
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Requests answered (or failed) so far. */
    long count() {
        return count.get();
    }

    /** Stops the threads, waits for their last requests, and returns every request sent. */
    List<Sent> stop() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join(120_000);
        }
        return List.copyOf(sent);
    }
}
