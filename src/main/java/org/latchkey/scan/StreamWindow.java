package org.latchkey.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds secrets in bytes handed to it as they stream past, for a stream that another reader pulls
 * (an archive's bytes, read by the archive reader): the push counterpart of {@link ChunkScanner},
 * with the same rule for a secret that straddles two windows. Memory stays one window per instance;
 * {@link #finish} answers the findings (path unset, lines counted from the stream's start) and makes
 * the window ready for another stream.
 */
final class StreamWindow {

    private static final int WINDOW = 1 << 16;
    private static final int KEEP = SecretKind.MAX_LENGTH + 1;

    private final byte[] b;
    private List<Finding> findings = new ArrayList<>(0);
    private int filled;
    private int start;
    private int counted;
    private long line = 1;

    StreamWindow() {
        this(WINDOW);
    }

    private StreamWindow(int window) {
        b = new byte[window + KEEP + 1];
    }

    /** The findings in one text, such as a name or a JSON string, encoded as UTF-8 a slice at a time. */
    static List<Finding> in(String text) {
        StreamWindow window = new StreamWindow(Math.min(text.length() * 3, WINDOW));
        for (int from = 0; from < text.length(); ) {
            int to = Math.min(text.length(), from + WINDOW / 4);
            if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                to--;
            }
            byte[] bytes = text.substring(from, to).getBytes(StandardCharsets.UTF_8);
            window.add(bytes, 0, bytes.length);
            from = to;
        }
        return window.finish();
    }

    void add(byte[] src, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, b.length - filled);
            System.arraycopy(src, off, b, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == b.length) {
                examine(false);
            }
        }
    }

    List<Finding> finish() {
        examine(true);
        List<Finding> found = findings;
        findings = new ArrayList<>(0);
        filled = 0;
        start = 0;
        counted = 0;
        line = 1;
        return found;
    }

    private void examine(boolean atEnd) {
        int limit = atEnd ? filled - Detectors.MIN_LENGTH + 1 : filled - KEEP;
        int i = start;
        for (; i < limit; i++) {
            if (!Detectors.mayStart(b, i)) {
                continue;
            }
            SecretKind kind = Detectors.at(b, i, filled);
            if (kind != null) {
                line += newlines(counted, i);
                counted = i;
                String secret = new String(b, i, kind.length(), StandardCharsets.US_ASCII);
                findings.add(new Finding(null, null, line, kind, Detectors.checksum(kind, secret), secret));
                i += kind.length() - 1;
            }
        }
        if (atEnd) {
            return;
        }
        int keepFrom = Math.max(i, limit) - 1;
        line += newlines(counted, keepFrom);
        System.arraycopy(b, keepFrom, b, 0, filled - keepFrom);
        filled -= keepFrom;
        counted = 0;
        start = 1;
    }

    private int newlines(int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                count++;
            }
        }
        return count;
    }
}
