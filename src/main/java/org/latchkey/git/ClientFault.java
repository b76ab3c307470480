package org.latchkey.git;

import java.io.EOFException;
import java.util.Set;
import java.util.zip.ZipException;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.UnpackException;
import org.latchkey.Refusal;

/**
 * Tells a failure caused by what a git client sent (malformed packet lines, a truncated or corrupt
 * pack, bad gzip, a body over the limit, a client that went away) from a fault of the server, and
 * says which in one sentence for the client. JGit reports most of the former as plain
 * {@code IOException}s or {@code IllegalArgumentException}s, so they are also known by where they
 * were thrown: while reading or parsing the request.
 */
record ClientFault(Refusal.Kind kind, String reason) {

    private static final Set<String> READERS = Set.of("org.eclipse.jgit.transport.PacketLineIn",
            "org.eclipse.jgit.transport.PackParser", "org.eclipse.jgit.transport.ProtocolV0Parser",
            "org.eclipse.jgit.transport.ProtocolV2Parser", "org.eclipse.jgit.internal.transport.parser.FirstWant",
            "org.eclipse.jgit.internal.transport.parser.FirstCommand", "org.eclipse.jgit.lib.ObjectId",
            "java.util.zip.GZIPInputStream", "java.util.zip.InflaterInputStream");

    /** The status of this kind of refusal, as every refusal's (the one table, {@link Refusal.Kind}). */
    int status() {
        return kind.httpStatus();
    }

    /** The client's fault behind this failure, or null when the server is at fault. */
    static ClientFault of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.nio.file.FileSystemException || cause instanceof Error) {
                return null;
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof GitBody.TooLarge tooLarge) {
                return new ClientFault(Refusal.Kind.TOO_LARGE, tooLarge.getMessage());
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            ClientFault fault = known(cause);
            if (fault != null) {
                return fault;
            }
        }
        return null;
    }

    private static ClientFault known(Throwable cause) {
        if (cause instanceof ZipException) {
            return bad("the body is not valid gzip");
        }
        if (cause instanceof EOFException) {
            return bad("the request ended early");
        }
        if (cause instanceof CorruptObjectException || cause instanceof UnpackException) {
            return bad("the pack is truncated or corrupt");
        }
        if (cause instanceof MissingObjectException) {
            return bad("the request names an object the repository does not have");
        }
        if (cause instanceof PackProtocolException) {
            return bad("the request does not follow the git protocol");
        }
        if ((cause instanceof java.io.IOException || cause instanceof IllegalArgumentException) && thrownReading(cause)) {
            return bad(thrownIn(cause, "org.eclipse.jgit.transport.PackParser") ? "the pack is truncated or corrupt"
                    : "the request does not follow the git protocol");
        }
        return null;
    }

    private static ClientFault bad(String reason) {
        return new ClientFault(Refusal.Kind.BAD_INPUT, reason);
    }

    private static boolean thrownReading(Throwable cause) {
        for (StackTraceElement frame : cause.getStackTrace()) {
            if (READERS.contains(frame.getClassName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean thrownIn(Throwable cause, String className) {
        for (StackTraceElement frame : cause.getStackTrace()) {
            if (frame.getClassName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}
