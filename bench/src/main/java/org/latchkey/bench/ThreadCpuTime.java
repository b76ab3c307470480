package org.latchkey.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * A cross-check of the JMH figures for a machine shared with other work: calls the benchmark
 * methods in plain loops and divides this thread's CPU time, not the wall-clock time, by the
 * calls, so time spent waiting for a core is not counted. Prints the best of eight rounds.
 * Run with {@code java -cp bench/target/benchmarks.jar org.latchkey.bench.ThreadCpuTime}.
 */
public final class ThreadCpuTime {

    private static final int CALLS = 2_000_000;
    private static final int ROUNDS = 12;
    private static final int WARM_ROUNDS = 4;
    private static volatile Object sink;

    private ThreadCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        AuthenticationBenchmark benchmark = new AuthenticationBenchmark();
        benchmark.setUp();
        try {
            double sha256 = best(benchmark::sha256Of40Bytes);
            double parse = best(benchmark::parseAndChecksumOnly);
            double hit = best(benchmark::authenticateCacheHit);
            double leased = best(benchmark::authenticateCacheHitLeased);
            double reject = best(benchmark::rejectMalformed);
            System.out.printf("sha256Of40Bytes        %7.1f ns CPU per call%n", sha256);
            System.out.printf("parseAndChecksumOnly   %7.1f ns CPU per call%n", parse);
            System.out.printf("authenticateCacheHit   %7.1f ns CPU per call%n", hit);
            System.out.printf("authenticateCacheHitLeased %7.1f ns CPU per call (the cache behind a renewable lease)%n", leased);
            System.out.printf("rejectMalformed        %7.1f ns CPU per call%n", reject);
            System.out.printf("authenticateCacheHit / sha256Of40Bytes = %.2f (target: at most 2.5)%n", hit / sha256);
        } finally {
            benchmark.tearDown();
        }
    }

    private static double best(Supplier<Object> call) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < CALLS; i++) {
                sink = call.get();
            }
            double perCall = (threads.getCurrentThreadCpuTime() - start) / (double) CALLS;
            if (round >= WARM_ROUNDS) {
                best = Math.min(best, perCall);
            }
        }
        return best;
    }
}
