package org.latchkey.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's AES-256 key, which encrypts stored secrets that must be read back (TOTP seeds,
 * webhook secrets). Generated on first start into the data directory with mode 0600, or given by
 * configuration. Ciphertext is {@code base64(nonce || AES-GCM(plaintext))}.
 */
public final class ServerKey {

    public static final String FILE_NAME = "server.key";
    private static final int NONCE_BYTES = 12;

    private final SecretKeySpec key;
    private final SecureRandom random;

    private ServerKey(byte[] key, SecureRandom random) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the server key must be 32 bytes (base64 of 32 random bytes), was " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
        this.random = random;
    }

    /** Uses the configured base64 key if given, else the key file in the data directory, creating it if absent. */
    public static ServerKey load(String configured, Path dataDir, SecureRandom random) {
        if (configured != null && !configured.isBlank()) {
            return new ServerKey(Base64.getDecoder().decode(configured.strip()), random);
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                random.nextBytes(fresh);
                SecretFiles.writeNew(file, Base64.getEncoder().encodeToString(fresh) + "\n");
            }
            return new ServerKey(Base64.getDecoder().decode(Files.readString(file).strip()), random);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the server key " + file, e);
        }
    }

    public String encrypt(String plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(String ciphertext) {
        try {
            byte[] all = Base64.getDecoder().decode(ciphertext);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot decrypt: wrong server key or damaged data");
        }
    }
}
