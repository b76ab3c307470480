package org.latchkey.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Reads and writes {@code config.json}: the directory is created 0700, the file is written 0600
 * to a temporary file beside it and moved into place, so a reader sees the old or the new file.
 */
final class ConfigStore {

    static final String FILE_NAME = "config.json";

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    ConfigStore(Path dir) {
        this.dir = dir;
    }

    /** {@code $LATCHKEY_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/latchkey}, else {@code ~/.config/latchkey}. */
    static ConfigStore locate(CliEnvironment environment) {
        String explicit = environment.get("LATCHKEY_CONFIG_DIR");
        if (explicit != null) {
            return new ConfigStore(Path.of(explicit));
        }
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path base = xdg != null ? Path.of(xdg) : environment.home().resolve(".config");
        return new ConfigStore(base.resolve("latchkey"));
    }

    Path file() {
        return dir.resolve(FILE_NAME);
    }

    CliConfig load() {
        try {
            return JSON.readValue(Files.readAllBytes(file()), CliConfig.class);
        } catch (NoSuchFileException e) {
            return CliConfig.EMPTY;
        } catch (JacksonException e) {
            throw new CliFailure(ExitCode.GENERAL, file() + " is not valid JSON; remove it and run latchkey login");
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot read " + file() + ": " + e.getMessage());
        }
    }

    void save(CliConfig config) {
        try {
            Files.createDirectories(dir, attributes("rwx------"));
            Path temp = Files.createTempFile(dir, ".config-", ".tmp", attributes("rw-------"));
            try {
                write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
                move(temp, file());
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot write " + file() + ": " + e.getMessage());
        }
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
