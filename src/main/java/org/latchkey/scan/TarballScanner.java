package org.latchkey.scan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Finds secrets in a package tarball (a gzipped tar, as npm publishes), as anyone who unpacks it
 * could read them: in every file, binary or not, named by its path and line; in file names and link
 * targets; inside archives in the package (gzip, bzip2, tar and zip, told by their content, named as
 * {@code outer.tgz!inner/path}); in JSON files as a JSON reader decodes them; and in the bytes
 * around the files (headers, gzip fields, what follows an archive's end). Data that is no archive
 * is scanned as it is. At most {@link #MAX_UNPACKED} bytes are unpacked in all, nested archives
 * included.
 */
public final class TarballScanner {

    public static final long MAX_UNPACKED = 512L << 20;
    /** The place of a secret found in the tarball's own bytes, outside its files. */
    public static final String OUTSIDE_FILES = "(the tarball, outside its files)";
    /** The longest path shown whole. */
    static final int SHOWN_PATH = 240;

    private TarballScanner() {
    }

    /**
     * Every secret in the tarball: in each file where it is, otherwise once. Throws {@link TooLarge}
     * when it unpacks to more than {@link #MAX_UNPACKED}, and {@link Unreadable} when an archive in
     * it cannot be read to the end, or nests too deep, so what it holds cannot be known.
     */
    public static List<Finding> scan(byte[] tarball) {
        try {
            return new ArchiveWalk().tarball(new ByteArrayInputStream(tarball));
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory failed", e);
        }
    }

    /**
     * Where a finding is, as it may be shown and stored: {@code path:line} for a line of a file (a
     * path holding a secret is not repeated), or the place as it was described.
     */
    public static String where(Finding finding) {
        return finding.line() == 0 || finding.path().equals(OUTSIDE_FILES) ? finding.path()
                : shown(finding.path()) + ":" + finding.line();
    }

    /**
     * A path in the tarball as it may be shown and stored: not repeated when it holds a secret,
     * control characters (which some engines cannot store) as {@code ?}, and a path longer than
     * {@link #SHOWN_PATH} characters cut in the middle.
     */
    static String shown(String path) {
        String plain = ExposedTokens.shownPath(path).replaceAll("\\p{Cntrl}", "?");
        return plain.length() <= SHOWN_PATH ? plain
                : plain.substring(0, SHOWN_PATH / 2) + "…" + plain.substring(plain.length() - SHOWN_PATH / 2);
    }

    /** Why a tarball cannot be checked: what it holds cannot be known. */
    public abstract static class Uncheckable extends RuntimeException {
        Uncheckable(String message) {
            super(message, null, false, false);
        }
    }

    /** The tarball unpacks to more than {@link #MAX_UNPACKED} bytes (a compression bomb, or simply too big to scan). */
    public static final class TooLarge extends Uncheckable {
        TooLarge() {
            super("the tarball unpacks to more than " + (MAX_UNPACKED >> 20) + " MiB");
        }
    }

    /** An archive in the tarball (or the tarball) that cannot be read to its end, or nests archives too deep. */
    public static final class Unreadable extends Uncheckable {
        Unreadable(String message) {
            super(message);
        }
    }
}
