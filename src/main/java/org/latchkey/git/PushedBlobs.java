package org.latchkey.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.latchkey.scan.TokenScanner;

/**
 * The new blobs of a push, each scanned once: on arrival ({@link ReceivedBlobs}) or else read and
 * streamed through the scanner in bounded memory. Many unread blobs are read by a few threads at
 * once, each with its own reader and a contiguous run of the walk's order (which keeps delta bases
 * close); findings come back in that order.
 */
final class PushedBlobs {

    private static final int PARALLEL_FROM = 256;
    private static final int MAX_THREADS = 4;

    /** A blob to read, and where it stands up to its line number ("commit …, path:"). */
    private record Blob(ObjectId id, String where) {
    }

    private final List<Blob> blobs = new ArrayList<>();

    void add(ObjectId id, String where) {
        blobs.add(new Blob(id.copy(), where));
    }

    /** Reports what {@code received} found on arrival, and reads and scans the other blobs. */
    void scan(Repository repository, ObjectReader reader, ReceivedBlobs received, PushedObjects.Sink sink)
            throws IOException {
        List<Blob> unread = new ArrayList<>();
        for (Blob blob : blobs) {
            List<TokenScanner.Finding> known = received == null ? null : received.findings(blob.id());
            if (known == null) {
                unread.add(blob);
            } else {
                known.forEach(finding -> sink.found(blob.where() + finding.line(), finding.secret()));
            }
        }
        read(repository, reader, unread, sink);
    }

    private static void read(Repository repository, ObjectReader reader, List<Blob> blobs, PushedObjects.Sink sink)
            throws IOException {
        int threads = blobs.size() < PARALLEL_FROM ? 1 : Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
        if (threads <= 1) {
            report(scan(reader, blobs), sink);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "push-protection");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<List<Map.Entry<String, String>>>> parts = new ArrayList<>();
            int size = (blobs.size() + threads - 1) / threads;
            for (int from = 0; from < blobs.size(); from += size) {
                List<Blob> part = blobs.subList(from, Math.min(blobs.size(), from + size));
                parts.add(pool.submit(() -> {
                    try (ObjectReader own = repository.newObjectReader()) {
                        return scan(own, part);
                    }
                }));
            }
            for (Future<List<Map.Entry<String, String>>> part : parts) {
                report(get(part), sink);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Map.Entry<String, String>> scan(ObjectReader reader, List<Blob> blobs) throws IOException {
        List<Map.Entry<String, String>> found = new ArrayList<>(0);
        for (Blob blob : blobs) {
            try (InputStream in = reader.open(blob.id(), Constants.OBJ_BLOB).openStream()) {
                for (TokenScanner.Finding finding : TokenScanner.scan(in)) {
                    found.add(Map.entry(blob.where() + finding.line(), finding.secret()));
                }
            }
        }
        return found;
    }

    private static void report(List<Map.Entry<String, String>> found, PushedObjects.Sink sink) {
        for (Map.Entry<String, String> place : found) {
            sink.found(place.getKey(), place.getValue());
        }
    }

    private static <T> T get(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the pushed files", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
