package org.latchkey.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.latchkey.crypto.AesGcm;

/** The key in its own file beside the credentials, mode 0600; a key file others may read is refused, as ssh does. */
final class FileVaultKey implements VaultKey {

    static final String NAME = "file";
    static final String FILE_NAME = "credentials.key";

    private final Path file;

    FileVaultKey(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String where() {
        return file.toString();
    }

    @Override
    public Optional<byte[]> read() {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            if (PrivateFiles.openToOthers(file)) {
                throw new CliFailure(ExitCode.GENERAL, file + " may be read by other users: run chmod 600 " + file);
            }
            return Optional.of(VaultKey.decode(text, where()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot read " + file + ": " + e.getMessage());
        }
    }

    @Override
    public byte[] create(SecureRandom random) {
        byte[] key = AesGcm.newKey(random);
        try {
            PrivateFiles.writeAtomically(file, (VaultKey.encode(key) + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot write " + file + ": " + e.getMessage());
        }
        return key;
    }
}
