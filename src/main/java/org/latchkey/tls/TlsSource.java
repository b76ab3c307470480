package org.latchkey.tls;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the server's certificate and private key come from: a PEM certificate (its chain may
 * follow) with a PEM private key, or a PKCS#12 keystore and its password. Either is read into an
 * in-memory PKCS#12 keystore whose keys are under {@link #KEY_PASSWORD}; a file that cannot serve
 * is refused with an {@link UnusableCertificate} that says why and never quotes a password.
 */
public sealed interface TlsSource {

    /** The password of the in-memory keystores this source makes (never of a file). */
    String KEY_PASSWORD = "latchkey-in-memory";

    /** A PEM certificate file (the server's certificate first, then any chain) and its PEM private key. */
    record Pem(Path certificate, Path key) implements TlsSource {
        @Override
        public List<Path> files() {
            return List.of(certificate, key);
        }

        @Override
        public KeyStore load(Snapshot snapshot) {
            return PemKeys.keyStore(certificate, snapshot.contents().get(0), key, snapshot.contents().get(1));
        }

        @Override
        public String toString() {
            return "certificate " + certificate + ", key " + key;
        }
    }

    /** A PKCS#12 keystore file and its password. */
    record Pkcs12(Path file, String password) implements TlsSource {
        @Override
        public List<Path> files() {
            return List.of(file);
        }

        @Override
        public KeyStore load(Snapshot snapshot) {
            return Pkcs12Keys.keyStore(file, snapshot.contents().get(0), password);
        }

        @Override
        public String toString() {
            return "keystore " + file;
        }
    }

    /** The files read at one moment, and the digest of them all, by which a change is noticed. */
    record Snapshot(List<byte[]> contents, String digest) {
    }

    List<Path> files();

    /** A keystore from what {@link #read()} found; UnusableCertificate when it cannot serve. */
    KeyStore load(Snapshot snapshot);

    /** Reads the files now; UnusableCertificate when one is missing or unreadable. */
    default Snapshot read() {
        List<byte[]> contents = new ArrayList<>();
        MessageDigest digest = sha256();
        for (Path file : files()) {
            byte[] bytes = readFile(file);
            contents.add(bytes);
            digest.update(sha256().digest(bytes));
        }
        return new Snapshot(List.copyOf(contents), java.util.HexFormat.of().formatHex(digest.digest()));
    }

    /** Reads and loads the files now. */
    default KeyStore load() {
        return load(read());
    }

    private static byte[] readFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new UnusableCertificate("cannot read " + file + ": it is a directory");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UnusableCertificate("cannot read " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new UnusableCertificate("cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new UnusableCertificate("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
