package org.latchkey.crypto;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Makes every file and directory this process creates from now on readable by its owner only
 * (the process's umask becomes 077), whichever library creates it: the embedded database, JGit's
 * repositories, package tarballs, temporary files. Java has no call for the umask; JNA calls the C
 * library's. Where that is not possible (no POSIX C library), nothing changes and the caller is told.
 */
public final class PrivateFileMode {

    private static final int OWNER_ONLY = 0077;

    /** The one C library call needed. */
    private interface CLibrary extends Library {
        int umask(int mask);
    }

    private PrivateFileMode() {
    }

    /** Sets the umask to 077; false when the C library could not be called. */
    public static boolean apply() {
        try {
            Native.load("c", CLibrary.class).umask(OWNER_ONLY);
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }
}
