package org.latchkey.scan;

import java.io.InputStream;

/** A stream that hands every byte read from it, or skipped over it, to a {@link StreamWindow}. */
final class Tee extends Observed {

    private final StreamWindow window;

    Tee(InputStream in, StreamWindow window) {
        super(in);
        this.window = window;
    }

    @Override
    void seen(byte[] b, int off, int n) {
        window.add(b, off, n);
    }
}
