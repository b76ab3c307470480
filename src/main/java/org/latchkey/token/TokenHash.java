package org.latchkey.token;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of a whole token secret: the only form in which a secret is stored or cached.
 * Computing it allocates this holder and nothing else: the 32 bytes are kept as four longs, so
 * that comparing two hashes is four XORs (with no early exit) and the hash code is the digest's
 * first four bytes, as evenly spread as any.
 */
public final class TokenHash {

    private static final int BYTES = 32;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

    private final long h0;
    private final long h1;
    private final long h2;
    private final long h3;

    private TokenHash(byte[] digest) {
        h0 = (long) LONGS.get(digest, 0);
        h1 = (long) LONGS.get(digest, 8);
        h2 = (long) LONGS.get(digest, 16);
        h3 = (long) LONGS.get(digest, 24);
    }

    public static TokenHash of(CharSequence secret) {
        return of(secret, 0);
    }

    /** The hash of the secret that fills {@code text} from {@code from} to its end. */
    public static TokenHash of(CharSequence text, int from) {
        return new TokenHash(HASHER.get().digest(text, from));
    }

    public static TokenHash fromBytes(byte[] digest) {
        if (digest.length != BYTES) {
            throw new IllegalArgumentException("a token hash has 32 bytes, got " + digest.length);
        }
        return new TokenHash(digest);
    }

    public byte[] bytes() {
        byte[] digest = new byte[BYTES];
        LONGS.set(digest, 0, h0);
        LONGS.set(digest, 8, h1);
        LONGS.set(digest, 16, h2);
        LONGS.set(digest, 24, h3);
        return digest;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenHash that
                && ((h0 ^ that.h0) | (h1 ^ that.h1) | (h2 ^ that.h2) | (h3 ^ that.h3)) == 0;
    }

    @Override
    public int hashCode() {
        return (int) (h0 >>> 32);
    }

    @Override
    public String toString() {
        return "TokenHash[" + Integer.toHexString(hashCode()) + "]";
    }

    /** One thread's digest and buffers, reused for every secret that thread hashes. */
    private static final class Hasher {
        private final MessageDigest sha256;
        private final byte[] input = new byte[TokenFormat.LENGTH];
        private final byte[] digest = new byte[BYTES];

        Hasher() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }

        /** The digest of text[from..], in a buffer that the next call overwrites. */
        byte[] digest(CharSequence text, int from) {
            int length = text.length() - from;
            if (length > input.length) {
                sha256.update(text.subSequence(from, text.length()).toString().getBytes(StandardCharsets.UTF_8));
            } else {
                for (int i = 0; i < length; i++) {
                    input[i] = (byte) text.charAt(from + i);
                }
                sha256.update(input, 0, length);
            }
            try {
                sha256.digest(digest, 0, BYTES);
            } catch (DigestException e) {
                throw new IllegalStateException("SHA-256 did not fit its 32 bytes", e);
            }
            return digest;
        }
    }
}
