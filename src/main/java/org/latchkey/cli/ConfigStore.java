package org.latchkey.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes {@code config.json} in the CLI's config directory, through {@link PrivateFiles}:
 * the directory is 0700, the file 0600 and replaced atomically.
 */
final class ConfigStore {

    static final String FILE_NAME = "config.json";

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

    Path dir() {
        return dir;
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
            PrivateFiles.writeAtomically(file(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot write " + file() + ": " + e.getMessage());
        }
    }
}
