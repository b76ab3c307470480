package org.latchkey.scan;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Finds secrets in a package tarball (a gzipped tar, as npm publishes): every regular file is
 * scanned, binary or not, and its findings are named by the file's path in the archive. Nothing
 * odd hides a secret: the whole unpacked stream is scanned too, and what only that pass finds (in
 * headers, after the archive's end marker, in a gzip that holds no readable tar) is reported at
 * {@link #OUTSIDE_FILES}; data that is not gzip is scanned as it is. At most {@link #MAX_UNPACKED}
 * bytes are unpacked in each pass.
 */
public final class TarballScanner {

    public static final long MAX_UNPACKED = 512L << 20;
    /** The path of a secret found outside the archive's regular files; its line means nothing. */
    public static final String OUTSIDE_FILES = "(the tarball, outside its files)";

    private TarballScanner() {
    }

    /**
     * Every secret in the tarball, each once (the first place it was found); throws {@link TooLarge}
     * when it unpacks to more than {@link #MAX_UNPACKED}, and {@link UncheckedIOException} when it is
     * gzip that cannot be unpacked.
     */
    public static List<Finding> scan(byte[] tarball) {
        ChunkScanner scanner = new ChunkScanner();
        try {
            if (!isGzip(tarball)) {
                return named(scanner.scan(new ByteArrayInputStream(tarball), true), OUTSIDE_FILES);
            }
            List<Finding> findings = new ArrayList<>(inFiles(tarball, scanner));
            Set<String> seen = new HashSet<>();
            findings.forEach(finding -> seen.add(finding.secret()));
            for (Finding finding : named(scanner.scan(unpacked(tarball), true), OUTSIDE_FILES)) {
                if (seen.add(finding.secret())) {
                    findings.add(finding);
                }
            }
            return findings;
        } catch (IOException brokenGzip) {
            throw new UncheckedIOException("the tarball is not readable gzip", brokenGzip);
        }
    }

    /** The findings in the archive's regular files, as far as it reads as a tar (none when it does not). */
    private static List<Finding> inFiles(byte[] tarball, ChunkScanner scanner) {
        List<Finding> findings = new ArrayList<>(0);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(unpacked(tarball))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile()) {
                    findings.addAll(named(scanner.scan(tar, true), entry.getName()));
                }
            }
        } catch (IOException notATar) {
            return findings;
        }
        return findings;
    }

    private static List<Finding> named(List<Finding> found, String path) {
        return found.stream().map(finding -> finding.at(path, null)).toList();
    }

    private static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    private static InputStream unpacked(byte[] tarball) throws IOException {
        return new Bounded(new GZIPInputStream(new ByteArrayInputStream(tarball), 64 * 1024));
    }

    /** The tarball unpacks to more than {@link #MAX_UNPACKED} bytes (a compression bomb, or simply too big to scan). */
    public static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("the tarball unpacks to more than " + (MAX_UNPACKED >> 20) + " MiB", null, false, false);
        }
    }

    /** Counts what is read or skipped and stops at {@link #MAX_UNPACKED}. */
    private static final class Bounded extends FilterInputStream {
        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(Math.max(n, 0));
            return n;
        }

        /** Skipped bytes are unpacked too, so they are read and counted. */
        @Override
        public long skip(long n) throws IOException {
            byte[] scratch = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int got = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
                if (got < 0) {
                    break;
                }
                skipped += got;
            }
            return skipped;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_UNPACKED) {
                throw new TooLarge();
            }
        }
    }
}
