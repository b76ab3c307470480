package org.latchkey.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Scans one stream in large chunks with a reusable buffer (one per thread). A secret that straddles
 * two chunks is found: the bytes after the last position examined, and the one before it, move to
 * the front of the buffer before the next read. Lines are counted only as far as needed.
 */
final class ChunkScanner {

    static final int BINARY_SNIFF = 8192;
    private static final int CHUNK = 1 << 20;
    private static final int KEEP = SecretKind.MAX_LENGTH + 1;

    private final byte[] buffer;

    ChunkScanner() {
        this(CHUNK);
    }

    ChunkScanner(int chunk) {
        this.buffer = new byte[Math.max(chunk, BINARY_SNIFF) + KEEP + 1];
    }

    /** The findings (path and commit unset), or null when the data is binary and {@code binaryToo} is false. */
    List<Finding> scan(InputStream in, boolean binaryToo) throws IOException {
        byte[] b = buffer;
        List<Finding> findings = new ArrayList<>(0);
        int filled = fill(in, b, 0);
        boolean atEnd = filled < b.length;
        if (!binaryToo && isBinary(b, filled)) {
            return null;
        }
        int start = 0;
        int counted = 0;
        long line = 1;
        while (true) {
            int limit = atEnd ? filled - Detectors.MIN_LENGTH + 1 : filled - KEEP;
            int i = start;
            for (; i < limit; i++) {
                if (!Detectors.mayStart(b, i)) {
                    continue;
                }
                SecretKind kind = Detectors.at(b, i, filled);
                if (kind != null) {
                    line += newlines(b, counted, i);
                    counted = i;
                    String secret = new String(b, i, kind.length(), StandardCharsets.US_ASCII);
                    findings.add(new Finding(null, null, line, kind, Detectors.checksum(kind, secret), secret));
                    i += kind.length() - 1;
                }
            }
            if (atEnd) {
                return findings;
            }
            i = Math.max(i, limit);
            int keepFrom = i - 1;
            line += newlines(b, counted, keepFrom);
            System.arraycopy(b, keepFrom, b, 0, filled - keepFrom);
            filled -= keepFrom;
            counted = 0;
            start = 1;
            int read = fill(in, b, filled);
            atEnd = read < b.length;
            filled = read;
        }
    }

    /** Reads until the buffer is full or the stream ends; returns the bytes now in the buffer. */
    private static int fill(InputStream in, byte[] b, int from) throws IOException {
        int filled = from;
        while (filled < b.length) {
            int n = in.read(b, filled, b.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    static boolean isBinary(byte[] b, int length) {
        int sniffed = Math.min(length, BINARY_SNIFF);
        for (int i = 0; i < sniffed; i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static int newlines(byte[] b, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                count++;
            }
        }
        return count;
    }
}
