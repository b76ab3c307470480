package org.latchkey.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads and writes {@code config.json} in the CLI's config directory, through {@link PrivateFiles}:
 * the directory is 0700, the file 0600 and replaced atomically.
 *
 * <p>Earlier versions put the directory under Java's {@code user.home} instead of {@code $HOME}.
 * When the two differ, a file missing here is read from that old directory (saying so on standard
 * error) until it is written here; nothing is ever written there.
 */
final class ConfigStore {

    static final String FILE_NAME = "config.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final Path oldDir;
    private final Consumer<String> notices;

    ConfigStore(Path dir) {
        this(dir, null, notice -> { });
    }

    private ConfigStore(Path dir, Path oldDir, Consumer<String> notices) {
        this.dir = dir;
        this.oldDir = oldDir;
        this.notices = notices;
    }

    /**
     * {@code $LATCHKEY_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/latchkey}, else
     * {@code $HOME/.config/latchkey} ({@code user.home} only when {@code HOME} is unset).
     */
    static ConfigStore locate(CliEnvironment environment, Consumer<String> notices) {
        String explicit = environment.get("LATCHKEY_CONFIG_DIR");
        if (explicit != null) {
            return new ConfigStore(Path.of(explicit));
        }
        String xdg = environment.get("XDG_CONFIG_HOME");
        if (xdg != null) {
            return new ConfigStore(Path.of(xdg).resolve("latchkey"));
        }
        Path dir = environment.home().resolve(".config/latchkey");
        Path oldDir = environment.userHome().resolve(".config/latchkey");
        return new ConfigStore(dir, oldDir.equals(dir) ? null : oldDir, notices);
    }

    /** The old directory's copy of a file this directory lacks, announced once per call. */
    Optional<Path> oldCopy(String fileName) {
        if (oldDir == null || Files.exists(dir.resolve(fileName)) || !Files.isRegularFile(oldDir.resolve(fileName))) {
            return Optional.empty();
        }
        notices.accept("latchkey: reading " + oldDir.resolve(fileName) + ", where earlier versions kept it (they ignored $HOME); "
                + "changes are saved in " + dir + ". To keep using the old one: mv " + oldDir + " " + dir
                + " (or set LATCHKEY_CONFIG_DIR=" + oldDir + ")");
        return Optional.of(oldDir.resolve(fileName));
    }

    Path dir() {
        return dir;
    }

    Path file() {
        return dir.resolve(FILE_NAME);
    }

    CliConfig load() {
        Path source = oldCopy(FILE_NAME).orElse(file());
        try {
            return JSON.readValue(Files.readAllBytes(source), CliConfig.class);
        } catch (NoSuchFileException e) {
            return CliConfig.EMPTY;
        } catch (JacksonException e) {
            throw new CliFailure(ExitCode.GENERAL, source + " is not valid JSON; remove it and run latchkey login");
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot read " + source + ": " + e.getMessage());
        }
    }

    void save(CliConfig config) {
        try {
            PrivateFiles.writeAtomically(file(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot write " + file() + ": " + e.getMessage());
        }
    }
}
