package org.latchkey.token;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

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
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final String PREFIXES = Arrays.stream(TokenType.values()).map(TokenType::prefix)
            .collect(Collectors.joining("|", "(?:", ")_"));
    private static final Pattern SECRET_SHAPE = Pattern.compile(PREFIXES + "[0-9A-Za-z]{" + (LENGTH - 4) + "}");
    private static final Pattern PREFIX_SHAPE = Pattern.compile(PREFIXES, Pattern.CASE_INSENSITIVE);

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
        if (candidate == null || candidate.length() != LENGTH || candidate.charAt(3) != '_') {
            return null;
        }
        TokenType type = typeOfPrefix(candidate);
        if (type == null) {
            return null;
        }
        for (int i = 4; i < LENGTH; i++) {
            if (valueOf(candidate.charAt(i)) < 0) {
                return null;
            }
        }
        return checksum(candidate) == decodeChecksum(candidate) ? type : null;
    }

    public static boolean isWellFormed(CharSequence candidate) {
        return parse(candidate) != null;
    }

    /**
     * Whether text holds something shaped like a whole secret (prefix, underscore and 36 base62
     * characters, checksum right or not: a mistyped secret is still a secret).
     */
    public static boolean containsSecret(CharSequence text) {
        return SECRET_SHAPE.matcher(text).find();
    }

    /**
     * Whether text may hold a secret or a piece of one: a token prefix and underscore anywhere, in
     * any case. Such text is never repeated back to a client.
     */
    public static boolean mayHoldSecret(CharSequence text) {
        return PREFIX_SHAPE.matcher(text).find();
    }

    private static TokenType typeOfPrefix(CharSequence candidate) {
        for (TokenType type : TokenType.values()) {
            String prefix = type.prefix();
            if (candidate.charAt(0) == prefix.charAt(0) && candidate.charAt(1) == prefix.charAt(1)
                    && candidate.charAt(2) == prefix.charAt(2)) {
                return type;
            }
        }
        return null;
    }

    /** CRC32 of the ASCII bytes of the first 34 characters (prefix, underscore, random part). */
    static long checksum(CharSequence token) {
        Scratch scratch = SCRATCH.get();
        for (int i = 0; i < CHECKED_LENGTH; i++) {
            scratch.bytes[i] = (byte) token.charAt(i);
        }
        scratch.crc.reset();
        scratch.crc.update(scratch.bytes, 0, CHECKED_LENGTH);
        return scratch.crc.getValue();
    }

    private static long decodeChecksum(CharSequence token) {
        long value = 0;
        for (int i = CHECKED_LENGTH; i < LENGTH; i++) {
            value = value * 62 + valueOf(token.charAt(i));
        }
        return value;
    }

    private static void writeChecksum(long value, char[] out) {
        for (int i = LENGTH - 1; i >= CHECKED_LENGTH; i--) {
            out[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
    }

    static int valueOf(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 36;
        }
        return -1;
    }

    private static final class Scratch {
        final byte[] bytes = new byte[LENGTH];
        final CRC32 crc = new CRC32();
    }
}
