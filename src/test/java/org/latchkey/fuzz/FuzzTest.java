package org.latchkey.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.fuzz.RawConnection.Answer;
import org.latchkey.store.TestDatabases.Engine;

/**
 * A bounded generative test of every route in the API reference and of the git and npm
 * endpoints, with and without valid credentials, from many loopback addresses: no answer is a
 * 5xx, holds a stack trace or a secret, or refuses outside the protocol's own form, and the log
 * holds no stack trace and no secret. {@code -Dlatchkey.fuzz.requests=N} (default 20,000 per
 * engine) and {@code -Dlatchkey.fuzz.seed=S} (or {@code random}; by default a fixed seed, so CI sends the
 * same requests each time) make a larger run, repeat one or explore.
 */
class FuzzTest {

    private static final int REQUESTS = Integer.getInteger("latchkey.fuzz.requests", 20_000);
    private static final int WORKERS = 8;
    /** The seed of the run in CI, so that it sends the same requests each time ({@code -Dlatchkey.fuzz.seed=random} explores). */
    private static final long CI_SEED = 20261206L;
    /**
     * Fresh connections closed without an answer that the same request, sent again on another fresh
     * connection, did get one for. Seen once in about 140,000 requests and not reproduced with its
     * seed; counted and printed, not failed, until its cause is known. Twice in a row is a finding.
     */
    private static final AtomicInteger SILENT_CLOSES = new AtomicInteger();
    private static final int REFRESH_EVERY = 1_000;
    /** The addresses of the first worker, whose X-Forwarded-For headers the server reads (the other workers' it ignores). */
    private static final String TRUSTED_PROXIES = "127.1.0.0/16";

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void noRequest_getsA5xx_aStackTrace_orASecret(Engine engine) throws Exception {
        long seed = "random".equals(System.getProperty("latchkey.fuzz.seed")) ? new Random().nextLong()
                : Long.getLong("latchkey.fuzz.seed", CI_SEED);
        ApiReference reference = ApiReference.load();
        assertThat(reference.routes()).as("routes read from docs/api.md").hasSizeGreaterThan(50);
        Targets targets = new Targets();
        Findings findings = new Findings();
        long started = System.nanoTime();
        try (TestServer server = TestServer.start(engine, settings -> settings.withRateLimitPerHour(1_000_000)
                .withTrustedProxies(List.of(TRUSTED_PROXIES)))) {
            FuzzSetup setup = new FuzzSetup(server, targets);
            setup.build();
            AtomicInteger sent = new AtomicInteger();
            for (int round = 0; round * REFRESH_EVERY < REQUESTS; round++) {
                int limit = Math.min(REQUESTS, (round + 1) * REFRESH_EVERY);
                run(server.latchkey().port(), seed + round * WORKERS, reference, targets, findings, sent, limit);
                setup.refresh();
            }
            findings.checkLog(logs.lines(), targets.secrets);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("fuzzed %s with %d requests in %.1f s (%d authenticated, %d succeeded, %d closed once without"
                + " an answer), seed %d%n", engine, REQUESTS, seconds, findings.authenticated(), findings.succeeded(),
                SILENT_CLOSES.getAndSet(0), seed);
        assertThat(findings.authenticated()).as("authenticated requests").isGreaterThan(REQUESTS / 10);
        assertThat(findings.first(25)).as("%d findings on %s; repeat with -Dlatchkey.fuzz.seed=%d -Dlatchkey.fuzz.requests=%d",
                findings.count(), engine, seed, REQUESTS).isEmpty();
    }

    private static void run(int port, long seed, ApiReference reference, Targets targets, Findings findings,
                            AtomicInteger sent, int limit) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                Fuzzer fuzzer = new Fuzzer(seed + w, reference, targets);
                workers.add(pool.submit(() -> work(port, worker, new Random(seed + worker), fuzzer, findings, sent, limit, targets)));
            }
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Sends requests until {@code limit} are sent in all, on keep-alive connections from rotating
     * 127.W.x.y addresses. A request that finds its reused connection closed is sent again on a new one;
     * one that a fresh connection closes without answering is sent once more on another (see
     * {@link #SILENT_CLOSES}).
     */
    private static Void work(int port, int worker, Random addresses, Fuzzer fuzzer, Findings findings, AtomicInteger sent,
                             int limit, Targets targets) throws IOException {
        RawConnection connection = null;
        int uses = 0;
        try {
            while (sent.getAndIncrement() < limit) {
                FuzzRequest request = fuzzer.next();
                Answer answer = null;
                String failure = "the server closed the connection without an answer";
                int freshTries = 0;
                for (int attempt = 0; attempt < 3 && answer == null; attempt++) {
                    boolean fresh = connection == null || uses >= 15;
                    if (fresh) {
                        close(connection);
                        connection = new RawConnection("127." + (1 + worker) + "." + addresses.nextInt(256) + "."
                                + (1 + addresses.nextInt(254)), port);
                        uses = 0;
                    }
                    uses++;
                    try {
                        answer = connection.exchange(request.bytes(), request.head());
                    } catch (IOException e) {
                        failure = e.toString();
                    }
                    if (answer == null) {
                        uses = Integer.MAX_VALUE;
                        if (fresh && ++freshTries == 2) {
                            break;
                        }
                        if (fresh) {
                            SILENT_CLOSES.incrementAndGet();
                        }
                    }
                }
                if (answer == null) {
                    findings.add(request, failure);
                } else {
                    findings.check(request, answer, targets.secrets);
                }
                if (answer == null || answer.closed() || request.headers().contains("Connection: close")) {
                    uses = Integer.MAX_VALUE;
                }
            }
        } finally {
            close(connection);
        }
        return null;
    }

    private static void close(RawConnection connection) throws IOException {
        if (connection != null) {
            connection.close();
        }
    }
}
