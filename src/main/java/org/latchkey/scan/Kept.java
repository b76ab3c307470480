package org.latchkey.scan;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;

/** A stream that keeps a copy of what is read from it, up to a limit past which it is refused as too large to check. */
final class Kept extends Observed {

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final int limit;
    private final String tooLarge;

    Kept(InputStream in, int limit, String tooLarge) {
        super(in);
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    @Override
    void seen(byte[] b, int off, int n) {
        if (copy.size() + n > limit) {
            throw new TarballScanner.Unreadable(tooLarge);
        }
        copy.write(b, off, n);
    }

    byte[] bytes() {
        return copy.toByteArray();
    }
}
