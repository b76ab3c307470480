package org.latchkey.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files of the CLI's config directory that hold secrets: the directory is created 0700, a file is
 * written 0600 to a temporary file beside it, flushed to disk and moved into place, so a reader
 * sees the old or the new file and nobody else ever sees either.
 */
final class PrivateFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    static void createDirectory(Path dir) throws IOException {
        Files.createDirectories(dir, attributes("rwx------"));
    }

    /** Replaces {@code file} by {@code content} atomically; no temporary file is left behind, even on failure. */
    static void writeAtomically(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        createDirectory(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + "-", ".tmp", attributes("rw-------"));
        try {
            write(temp, content);
            move(temp, file);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Opens (creating it 0600 if needed) a file to hold a lock on. */
    static FileChannel openLockFile(Path file) throws IOException {
        createDirectory(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, attributes("rw-------"));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another process created it first: fine
            }
        }
        return FileChannel.open(file, StandardOpenOption.WRITE);
    }

    /** Whether anyone but the owner may read or write the file (always false where modes do not exist). */
    static boolean openToOthers(Path file) throws IOException {
        if (!POSIX) {
            return false;
        }
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        return !mode.substring(3).equals("------");
    }

    private static void write(Path path, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Makes the move itself durable where the platform lets a directory be synced (Linux does); else nothing. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // the file's content is on disk; only the rename might be lost in a power cut
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static FileAttribute<?>[] attributes(String permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }
}
