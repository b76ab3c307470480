package org.latchkey.git;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Watches a receive-pack body go by (packet lines, a flush, perhaps push options and another
 * flush, then the pack) and refuses a pack whose header claims more objects than any push holds,
 * before JGit reads that count and allocates room for every object at once.
 */
final class PackHeaderGuard extends FilterInputStream {

    /** The most objects one push's pack may claim. */
    static final long MAX_OBJECTS = 10_000_000;

    private final byte[] header = new byte[12];
    private int headerLength;
    private long payloadLeft;
    private boolean done;

    PackHeaderGuard(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            watch((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n && !done; i++) {
            watch(buffer[offset + i]);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return read(new byte[(int) Math.min(n, 8192)]);
    }

    private void watch(byte b) throws IOException {
        if (done) {
            return;
        }
        if (payloadLeft > 0) {
            payloadLeft--;
            return;
        }
        header[headerLength++] = b;
        if (headerLength == 4 && !startsWith("PACK")) {
            lineLength();
        } else if (headerLength == 12) {
            done = true;
            long objects = ((header[8] & 0xffL) << 24) | ((header[9] & 0xff) << 16) | ((header[10] & 0xff) << 8)
                    | (header[11] & 0xff);
            if (objects > MAX_OBJECTS) {
                throw new GitBody.TooLarge("the pack claims " + objects + " objects; a push may hold at most "
                        + MAX_OBJECTS + ", push in parts");
            }
        }
    }

    /** The four bytes seen are a packet line's length: skip its payload (a flush, delim or bad length has none). */
    private void lineLength() {
        headerLength = 0;
        try {
            int length = Integer.parseInt(new String(header, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1), 16);
            payloadLeft = Math.max(0, length - 4);
        } catch (NumberFormatException notALength) {
            done = true;
        }
    }

    private boolean startsWith(String magic) {
        for (int i = 0; i < magic.length(); i++) {
            if (header[i] != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
