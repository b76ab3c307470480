package org.latchkey.token;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;

/**
 * One thread's buffers for checking and hashing a secret, so that neither allocates: the secret's
 * ASCII bytes, copied once and read by both the checksum and the digest, a CRC32 and a SHA-256.
 */
final class SecretScratch {

    private static final ThreadLocal<SecretScratch> CURRENT = ThreadLocal.withInitial(SecretScratch::new);

    final byte[] bytes = new byte[TokenFormat.LENGTH];
    private final CRC32 crc = new CRC32();
    private final MessageDigest sha256;
    private final byte[] digest = new byte[32];

    private SecretScratch() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static SecretScratch current() {
        return CURRENT.get();
    }

    /** CRC32 of the first {@code length} bytes. */
    long crc32(int length) {
        crc.reset();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    /** SHA-256 of the first {@code length} bytes, in a buffer that the next digest overwrites. */
    byte[] sha256(int length) {
        sha256.update(bytes, 0, length);
        return finish();
    }

    /** SHA-256 of {@code input}, in a buffer that the next digest overwrites. */
    byte[] sha256(byte[] input) {
        sha256.update(input);
        return finish();
    }

    private byte[] finish() {
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 did not fit its 32 bytes", e);
        }
        return digest;
    }
}
