package org.latchkey.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.latchkey.crypto.AesGcm;

/**
 * {@code credentials.enc} in the CLI's config directory: a header line naming where the key is
 * ({@code latchkey-credentials v1 key=file|keyring}), then base64 of the AES-256-GCM sealed JSON
 * list of credentials, with the header as associated data. Nothing in it is readable without the
 * key, which is never in the same file. Written 0600 and atomically; writers take
 * {@code credentials.lock}, so concurrent git processes do not lose each other's changes.
 */
final class CredentialVault {

    static final String FILE_NAME = "credentials.enc";
    static final String LOCK_FILE_NAME = "credentials.lock";

    private static final Pattern HEADER = Pattern.compile("latchkey-credentials v1 key=(file|keyring)");
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private record Contents(List<GitCredential> credentials) {
    }

    private record Opened(VaultKey keyPlace, byte[] key, StoredCredentials credentials) {
    }

    private final Path file;
    private final ConfigStore config;
    private final KeyStoreChoice choice;
    private final CliEnvironment environment;
    private final SecureRandom random;

    CredentialVault(Path dir, KeyStoreChoice choice, CliEnvironment environment, SecureRandom random) {
        this(new ConfigStore(dir), choice, environment, random);
    }

    /** The vault in the config's directory; while it has none, the old directory's is read and copied here on the first change. */
    CredentialVault(ConfigStore config, KeyStoreChoice choice, CliEnvironment environment, SecureRandom random) {
        this.file = config.dir().resolve(FILE_NAME);
        this.config = config;
        this.choice = choice;
        this.environment = environment;
        this.random = random;
    }

    Path file() {
        return file;
    }

    /** What is stored; empty when there is no file yet (and then no key is made). */
    StoredCredentials load() {
        return open(file).or(this::openOld).map(Opened::credentials).orElse(StoredCredentials.EMPTY);
    }

    /** What a change under the lock keeps, and what it answers its caller. */
    record Outcome<T>(StoredCredentials kept, T answer) {
    }

    /** Applies a change under the lock; the file (and its key) is made only when there is something to keep. */
    void update(UnaryOperator<StoredCredentials> change) {
        updateAndAnswer(before -> new Outcome<Void>(change.apply(before), null));
    }

    /** As {@link #update(UnaryOperator)}, answering what the change answers (which may take its time: others wait). */
    <T> T updateAndAnswer(Function<StoredCredentials, Outcome<T>> change) {
        try (FileChannel lockFile = PrivateFiles.openLockFile(file.resolveSibling(LOCK_FILE_NAME));
             FileLock lock = lockFile.lock()) {
            Optional<Opened> existing = open(file);
            StoredCredentials before = existing.or(this::openOld).map(Opened::credentials).orElse(StoredCredentials.EMPTY);
            Outcome<T> outcome = change.apply(before);
            if (!outcome.kept().equals(before)) {
                write(existing.orElseGet(this::newKey), outcome.kept());
            }
            return outcome.answer();
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot lock or write " + file + ": " + e.getMessage());
        }
    }

    private Optional<Opened> openOld() {
        return config.oldCopy(FILE_NAME).flatMap(this::open);
    }

    private Optional<Opened> open(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot read " + file + ": " + e.getMessage());
        }
        int newline = text.indexOf('\n');
        Matcher header = HEADER.matcher(newline < 0 ? text : text.substring(0, newline));
        if (newline < 0 || !header.matches()) {
            throw new CliFailure(ExitCode.GENERAL, file + " is not a Latchkey credential file; move it away to start over");
        }
        VaultKey keyPlace = KeyStoreChoice.named(header.group(1), file, environment);
        byte[] key = keyPlace.read().orElseThrow(() -> new CliFailure(ExitCode.GENERAL,
                "the key of " + file + " is missing from " + keyPlace.where() + "; remove " + file + " to start over"));
        return Optional.of(new Opened(keyPlace, key, decrypt(file, header.group(), text.substring(newline + 1).strip(), key, keyPlace)));
    }

    private static StoredCredentials decrypt(Path file, String header, String body, byte[] key, VaultKey keyPlace) {
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            sealed = new byte[0];
        }
        byte[] plain = AesGcm.open(key, sealed, header.getBytes(StandardCharsets.US_ASCII))
                .orElseThrow(() -> new CliFailure(ExitCode.GENERAL, "cannot decrypt " + file + " with the key in "
                        + keyPlace.where() + ": the key is wrong or the file was changed; remove " + file + " to start over"));
        try {
            Contents contents = JSON.readValue(plain, Contents.class);
            return new StoredCredentials(contents.credentials() == null ? List.of() : contents.credentials());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, file + " decrypts to something unreadable; remove it to start over");
        }
    }

    private Opened newKey() {
        List<VaultKey> places = choice.forNewFile(file, environment);
        for (int i = 0; ; i++) {
            VaultKey place = places.get(i);
            try {
                byte[] key = place.read().orElseGet(() -> place.create(random));
                return new Opened(place, key, StoredCredentials.EMPTY);
            } catch (CliFailure failure) {
                if (i == places.size() - 1) {
                    throw failure;
                }
            }
        }
    }

    private void write(Opened opened, StoredCredentials credentials) throws IOException {
        String header = "latchkey-credentials v1 key=" + opened.keyPlace().name();
        byte[] plain;
        try {
            plain = JSON.writeValueAsBytes(new Contents(credentials.entries()));
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialise the credentials", e);
        }
        byte[] sealed = AesGcm.seal(opened.key(), plain, header.getBytes(StandardCharsets.US_ASCII), random);
        PrivateFiles.writeAtomically(file, (header + "\n" + Base64.getEncoder().encodeToString(sealed) + "\n")
                .getBytes(StandardCharsets.US_ASCII));
    }
}
