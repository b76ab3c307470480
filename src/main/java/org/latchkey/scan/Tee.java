package org.latchkey.scan;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A stream that hands every byte read from it, or skipped over it, to a {@link StreamWindow}. */
final class Tee extends FilterInputStream {

    private final StreamWindow window;
    private final byte[] one = new byte[1];

    Tee(InputStream in, StreamWindow window) {
        super(in);
        this.window = window;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = in.read(buffer, off, len);
        if (n > 0) {
            window.add(buffer, off, n);
        }
        return n;
    }

    /** Skipped bytes are read, so the window sees them. */
    @Override
    public long skip(long n) throws IOException {
        return Unpacked.readOver(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // The stream beneath belongs to the reader of the enclosing archive.
    }
}
