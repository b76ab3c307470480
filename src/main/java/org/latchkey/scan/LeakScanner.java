package org.latchkey.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds secrets in files, directory trees (walked in parallel, one thread per core, skipping
 * {@code .git} directories and not following symbolic links) and streams. Binary files (a NUL in
 * their first 8 KiB) are skipped unless {@code binaryToo}.
 */
public final class LeakScanner {

    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::path).thenComparingLong(Finding::line);

    private final boolean binaryToo;
    private final int threads;
    private final ThreadLocal<ChunkScanner> scanners = ThreadLocal.withInitial(ChunkScanner::new);

    public LeakScanner(boolean binaryToo) {
        this(binaryToo, Runtime.getRuntime().availableProcessors());
    }

    public LeakScanner(boolean binaryToo, int threads) {
        this.binaryToo = binaryToo;
        this.threads = Math.max(1, threads);
    }

    /** Scans each path: a file, or a directory tree; a path that does not exist is reported unreadable. */
    public ScanReport scanPaths(List<Path> roots) {
        Results results = new Results();
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "latchkey-scan");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (Path root : roots) {
                walk(root, file -> pool.execute(() -> scanFile(file, results)), results);
            }
        } finally {
            pool.shutdown();
            awaitQuietly(pool);
        }
        return results.report();
    }

    /** Scans one stream under the given name, binary or not. */
    public ScanReport scanStream(InputStream in, String name) throws IOException {
        Results results = new Results();
        List<Finding> found = scanners.get().scan(in, true);
        results.add(name, null, found);
        return results.report();
    }

    List<Finding> scanBlob(InputStream in) throws IOException {
        return scanners.get().scan(in, binaryToo);
    }

    private void scanFile(Path file, Results results) {
        try (InputStream in = Files.newInputStream(file)) {
            results.add(file.toString(), null, scanners.get().scan(in, binaryToo));
        } catch (IOException | UncheckedIOException e) {
            results.unreadable.add(file.toString());
        }
    }

    private interface FileSink {
        void accept(Path file);
    }

    private static void walk(Path root, FileSink sink, Results results) {
        if (!Files.exists(root)) {
            results.unreadable.add(root.toString());
            return;
        }
        try {
            Path start = Files.isSymbolicLink(root) && Files.isDirectory(root) ? root.toRealPath() : root;
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(start) && dir.getFileName().toString().equals(".git")
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        sink.accept(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    results.unreadable.add(file.toString());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            results.unreadable.add(root.toString());
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            boolean done = false;
            while (!done) {
                done = pool.awaitTermination(1, TimeUnit.MINUTES);
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Findings and counts gathered from many threads. */
    static final class Results {
        private final Queue<Finding> findings = new ConcurrentLinkedQueue<>();
        private final Queue<String> unreadable = new ConcurrentLinkedQueue<>();
        private final AtomicLong scanned = new AtomicLong();
        private final AtomicLong binary = new AtomicLong();

        /** {@code found} null means a binary file skipped. */
        void add(String path, String commit, List<Finding> found) {
            if (found == null) {
                binary.incrementAndGet();
                return;
            }
            scanned.incrementAndGet();
            found.forEach(finding -> findings.add(finding.at(path, commit)));
        }

        ScanReport report() {
            List<Finding> sorted = new ArrayList<>(findings);
            sorted.sort(ORDER);
            List<String> failed = new ArrayList<>(unreadable);
            failed.sort(null);
            return new ScanReport(List.copyOf(sorted), scanned.get(), binary.get(), List.copyOf(failed));
        }

        ScanReport reportInOrder() {
            List<String> failed = new ArrayList<>(unreadable);
            return new ScanReport(List.copyOf(findings), scanned.get(), binary.get(), List.copyOf(failed));
        }
    }
}
