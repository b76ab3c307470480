package org.latchkey.scan;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that sees every byte read through it, skipped bytes included (they are read), and whose
 * closing leaves the stream beneath open: that stream belongs to the reader of the enclosing archive.
 */
abstract class Observed extends FilterInputStream {

    private final byte[] one = new byte[1];

    Observed(InputStream in) {
        super(in);
    }

    /** The stream, whose closing leaves {@code in} open: an archive reader closed when done must not close its source. */
    static InputStream unclosed(InputStream in) {
        return new Observed(in) {
            @Override
            void seen(byte[] b, int off, int n) {
                // Only shields the source from being closed.
            }
        };
    }

    /** Called with each run of bytes as it is read. */
    abstract void seen(byte[] b, int off, int n);

    /** Reads from the stream beneath; a subclass may say what a failure means. */
    int readBeneath(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
    }

    @Override
    public final int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        int n = readBeneath(b, off, len);
        if (n > 0) {
            seen(b, off, n);
        }
        return n;
    }

    @Override
    public final long skip(long n) throws IOException {
        return readOver(this, n);
    }

    @Override
    public final boolean markSupported() {
        return false;
    }

    @Override
    public final void close() {
        // The stream beneath belongs to the enclosing reader.
    }

    /** Skips by reading, for streams that must see every byte. */
    static long readOver(InputStream in, long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int got = in.read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (got < 0) {
                break;
            }
            skipped += got;
        }
        return skipped;
    }
}
