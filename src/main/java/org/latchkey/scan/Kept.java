package org.latchkey.scan;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A stream that keeps a copy of what is read from it, up to a limit past which it is refused as too large to check. */
final class Kept extends FilterInputStream {

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final int limit;
    private final String tooLarge;

    Kept(InputStream in, int limit, String tooLarge) {
        super(in);
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            if (copy.size() + n > limit) {
                throw new TarballScanner.Unreadable(tooLarge);
            }
            copy.write(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return Unpacked.readOver(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    byte[] bytes() {
        return copy.toByteArray();
    }
}
