package org.latchkey.git;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/** Pushes racing on one branch, for the cluster tests: every tree pushed at once, with commits big enough to overlap. */
public final class PushRace {

    private PushRace() {
    }

    /** Runs {@code push} on every tree at once (each pushing to its own node); the results in the trees' order. */
    public static <R> List<R> race(List<Path> trees, Function<Path, R> push) {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<R>> pushes = trees.stream().map(tree -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return push.apply(tree);
        })).toList();
        start.countDown();
        return pushes.stream().map(CompletableFuture::join).toList();
    }

    /** A file big enough that the pushes are still being received when all have read the refs. */
    public static String bulk(String line) {
        StringBuilder text = new StringBuilder();
        Random random = new Random(line.hashCode());
        while (text.length() < 400_000) {
            text.append(line).append(' ').append(Long.toHexString(random.nextLong())).append('\n');
        }
        return text.toString();
    }
}
