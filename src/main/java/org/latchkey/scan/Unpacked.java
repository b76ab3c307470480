package org.latchkey.scan;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a decompressor gives, counted toward the {@link TarballScanner#MAX_UNPACKED} that one scan may
 * unpack in all (nested archives included); a decompressor that fails names the archive it reads.
 */
final class Unpacked extends FilterInputStream {

    /** The bytes one scan has unpacked so far. */
    static final class Budget {
        private long used;

        void spend(long n) {
            used += n;
            if (used > TarballScanner.MAX_UNPACKED) {
                throw new TarballScanner.TooLarge();
            }
        }
    }

    private final Budget budget;
    private final String unreadable;

    /** {@code unreadable} says what is wrong when the decompressor fails ("x.tgz is not readable gzip"). */
    Unpacked(InputStream in, Budget budget, String unreadable) {
        super(in);
        this.budget = budget;
        this.unreadable = unreadable;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw new TarballScanner.Unreadable(unreadable);
        }
        budget.spend(Math.max(n, 0));
        return n;
    }

    /** Skipped bytes are unpacked too, so they are read and counted. */
    @Override
    public long skip(long n) throws IOException {
        return readOver(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // The stream beneath belongs to the reader of the enclosing archive.
    }

    /** The stream, whose closing leaves {@code in} open: an archive reader closed when done must not close its source. */
    static InputStream unclosed(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // The source belongs to the enclosing reader.
            }
        };
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
