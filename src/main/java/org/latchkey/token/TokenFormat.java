package org.latchkey.token;

import java.security.SecureRandom;
import java.util.Arrays;
import org.latchkey.SecretShape;

/**
 * The shape of a token secret: {@code <prefix>_<30 base62 random><6 base62 CRC32 checksum>}.
 * Checking a candidate costs one CRC32 over 34 bytes and allocates nothing, so a malformed or
 * mistyped secret is refused before any lookup.
 */
public final class TokenFormat {

    public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public static final int RANDOM_LENGTH = 30;
    public static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = 3 + 1 + RANDOM_LENGTH + CHECKSUM_LENGTH;
    private static final int CHECKED_LENGTH = LENGTH - CHECKSUM_LENGTH;
    private static final byte[] VALUES = values();
    private static final TokenType[] TYPES = TokenType.values();

    private TokenFormat() {
    }

    public static String generate(TokenType type, SecureRandom random) {
        char[] chars = new char[LENGTH];
        type.prefix().getChars(0, 3, chars, 0);
        chars[3] = '_';
        for (int i = 4; i < CHECKED_LENGTH; i++) {
            chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        writeChecksum(checksum(new String(chars, 0, CHECKED_LENGTH)), chars);
        return new String(chars);
    }

    /** The type of a well-formed secret, or null when prefix, length, alphabet or checksum is wrong. */
    public static TokenType parse(CharSequence candidate) {
        return candidate == null ? null : parse(candidate, 0);
    }

    /** {@link #parse(CharSequence)} of the secret that fills {@code text} from {@code from} to its end. */
    public static TokenType parse(CharSequence text, int from) {
        return parse(text, from, SecretScratch.current());
    }

    /** {@link #parse(CharSequence, int)}, leaving the secret's ASCII bytes in the scratch when it is well-formed. */
    static TokenType parse(CharSequence text, int from, SecretScratch scratch) {
        if (text.length() - from != LENGTH || text.charAt(from + 3) != '_') {
            return null;
        }
        TokenType type = typeOfPrefix(text, from);
        if (type == null) {
            return null;
        }
        byte[] bytes = scratch.bytes;
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) text.charAt(from + i);
        }
        // One pass copies the rest for the CRC and checks the alphabet: valueOf is -1 (all bits
        // set) outside it, so the OR of all values is negative if any character is outside.
        int values = 0;
        for (int i = 4; i < LENGTH; i++) {
            char c = text.charAt(from + i);
            values |= valueOf(c);
            bytes[i] = (byte) c;
        }
        if (values < 0) {
            return null;
        }
        long expected = 0;
        for (int i = CHECKED_LENGTH; i < LENGTH; i++) {
            expected = expected * 62 + VALUES[bytes[i]];
        }
        return scratch.crc32(CHECKED_LENGTH) == expected ? type : null;
    }

    public static boolean isWellFormed(CharSequence candidate) {
        return parse(candidate) != null;
    }

    /** Whether text holds something shaped like a whole secret: {@link SecretShape#containsSecret}. */
    public static boolean containsSecret(CharSequence text) {
        return SecretShape.containsSecret(text);
    }

    /** Whether text may hold a secret or a piece of one: {@link SecretShape#mayHoldSecret}. */
    public static boolean mayHoldSecret(CharSequence text) {
        return SecretShape.mayHoldSecret(text);
    }

    private static TokenType typeOfPrefix(CharSequence text, int from) {
        for (TokenType type : TYPES) {
            String prefix = type.prefix();
            if (text.charAt(from) == prefix.charAt(0) && text.charAt(from + 1) == prefix.charAt(1)
                    && text.charAt(from + 2) == prefix.charAt(2)) {
                return type;
            }
        }
        return null;
    }

    /** CRC32 of the ASCII bytes of the first 34 characters (prefix, underscore, random part). */
    static long checksum(CharSequence token) {
        SecretScratch scratch = SecretScratch.current();
        for (int i = 0; i < CHECKED_LENGTH; i++) {
            scratch.bytes[i] = (byte) token.charAt(i);
        }
        return scratch.crc32(CHECKED_LENGTH);
    }

    private static void writeChecksum(long value, char[] out) {
        for (int i = LENGTH - 1; i >= CHECKED_LENGTH; i--) {
            out[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
    }

    static int valueOf(char c) {
        return c < VALUES.length ? VALUES[c] : -1;
    }

    /** The base62 value of each ASCII character, -1 for those outside the alphabet. */
    private static byte[] values() {
        byte[] values = new byte[128];
        Arrays.fill(values, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            values[ALPHABET.charAt(i)] = (byte) i;
        }
        return values;
    }
}
