package org.latchkey.token;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * SHA-256 of a whole token secret: the only form in which a secret is stored or cached.
 * Computing it allocates this holder and nothing else: the 32 bytes are kept as four longs, so
 * that comparing two hashes is four XORs (with no early exit) and the hash code is the digest's
 * first four bytes, as evenly spread as any.
 */
public final class TokenHash {

    private static final int BYTES = 32;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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
        SecretScratch scratch = SecretScratch.current();
        int length = text.length() - from;
        if (length > scratch.bytes.length) {
            return new TokenHash(scratch.sha256(text.subSequence(from, text.length()).toString()
                    .getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < length; i++) {
            scratch.bytes[i] = (byte) text.charAt(from + i);
        }
        return new TokenHash(scratch.sha256(length));
    }

    /**
     * The hash of the secret that fills {@code text} from {@code from} to its end if that secret
     * is well-formed ({@link TokenFormat#parse}), else null. Checking and hashing share one copy
     * of the characters.
     */
    public static TokenHash ofWellFormed(CharSequence text, int from) {
        SecretScratch scratch = SecretScratch.current();
        return TokenFormat.parse(text, from, scratch) == null ? null : new TokenHash(scratch.sha256(TokenFormat.LENGTH));
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
}
