package org.latchkey.scan;

import java.io.IOException;
import java.io.InputStream;

/**
 * What a decompressor gives, counted toward the {@link TarballScanner#MAX_UNPACKED} that one scan may
 * unpack in all (nested archives included); a decompressor that fails (some fail with unchecked
 * exceptions on damaged input) names the archive it reads.
 */
final class Unpacked extends Observed {

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
    int readBeneath(byte[] b, int off, int len) {
        try {
            return in.read(b, off, len);
        } catch (TarballScanner.Uncheckable e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TarballScanner.Unreadable(unreadable);
        }
    }

    @Override
    void seen(byte[] b, int off, int n) {
        budget.spend(n);
    }
}
