package org.latchkey.http;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.latchkey.store.StoreException;
import org.slf4j.Logger;

/**
 * Unexpected failures, logged once each under a short id that the answer repeats, so a user's
 * report finds its log line. A genuine server fault (the database, the disk, the JVM) is logged
 * with its stack trace; anything else is one line naming the exception's class and where it was
 * thrown, never its message, which can quote the request (and so a secret in it).
 */
public final class Incidents {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Incidents() {
    }

    /** Logs the failure of {@code what} (a route or git service, never a raw path) and answers its id. */
    public static String report(Logger log, String what, Throwable failure) {
        String id = HexFormat.of().formatHex(bytes());
        if (isServerFault(failure)) {
            log.error("internal error {} in {}: {}", id, what, failure.getClass().getName(), failure);
        } else {
            log.error("internal error {} in {}: {} at {}", id, what, failure.getClass().getName(), origin(failure));
        }
        return id;
    }

    private static byte[] bytes() {
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        return id;
    }

    /** Whether the failure comes from the server's own resources rather than from what a request held. */
    static boolean isServerFault(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (StoreException.isDatabaseFault(cause) || cause instanceof Error
                    || cause instanceof java.nio.file.FileSystemException || cause instanceof java.io.UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    /** The first frame of the innermost cause: enough to find the code without the message. */
    private static String origin(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StackTraceElement[] frames = root.getStackTrace();
        String cause = root == failure ? "" : " (cause " + root.getClass().getName() + ")";
        return (frames.length == 0 ? "an unknown place" : frames[0].toString()) + cause;
    }
}
