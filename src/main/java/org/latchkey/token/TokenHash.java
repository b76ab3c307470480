package org.latchkey.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * SHA-256 of a whole token secret: the only form in which a secret is stored or cached.
 * Computing it allocates the 32-byte digest and this holder, nothing else.
 */
public final class TokenHash {

    private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

    private final byte[] digest;
    private final int hashCode;

    private TokenHash(byte[] digest) {
        this.digest = digest;
        this.hashCode = Arrays.hashCode(digest);
    }

    public static TokenHash of(CharSequence secret) {
        return new TokenHash(HASHER.get().digest(secret));
    }

    public static TokenHash fromBytes(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a token hash has 32 bytes, got " + digest.length);
        }
        return new TokenHash(digest.clone());
    }

    public byte[] bytes() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenHash that && hashCode == that.hashCode && MessageDigest.isEqual(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public String toString() {
        return "TokenHash[" + Integer.toHexString(hashCode) + "]";
    }

    private static final class Hasher {
        private final MessageDigest sha256;
        private byte[] buffer = new byte[TokenFormat.LENGTH];

        Hasher() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }

        byte[] digest(CharSequence secret) {
            int length = secret.length();
            if (length > buffer.length) {
                return sha256.digest(secret.toString().getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < length; i++) {
                buffer[i] = (byte) secret.charAt(i);
            }
            sha256.update(buffer, 0, length);
            return sha256.digest();
        }
    }
}
