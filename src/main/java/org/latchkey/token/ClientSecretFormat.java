package org.latchkey.token;

import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * OAuth apps' client secrets, in the tokens' checksummed shape with a four-letter prefix of their
 * own: {@code lkcs_<30 base62 random><6 base62 CRC32 of everything before>} (41 characters), so
 * that a leaked one is recognised (by the leak scanner, push protection and leak reports) and a
 * mistyped one refused before any lookup. Older secrets (40 hex characters) have no shape to check.
 */
public final class ClientSecretFormat {

    public static final String PREFIX = "lkcs";
    public static final int LENGTH = PREFIX.length() + 1 + TokenFormat.RANDOM_LENGTH + TokenFormat.CHECKSUM_LENGTH;
    private static final int CHECKED_LENGTH = LENGTH - TokenFormat.CHECKSUM_LENGTH;

    private ClientSecretFormat() {
    }

    public static String generate(SecureRandom random) {
        StringBuilder secret = new StringBuilder(LENGTH).append(PREFIX).append('_');
        for (int i = 0; i < TokenFormat.RANDOM_LENGTH; i++) {
            secret.append(TokenFormat.ALPHABET.charAt(random.nextInt(TokenFormat.ALPHABET.length())));
        }
        long value = checksum(secret);
        char[] digits = new char[TokenFormat.CHECKSUM_LENGTH];
        for (int i = digits.length - 1; i >= 0; i--) {
            digits[i] = TokenFormat.ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        return secret.append(digits).toString();
    }

    /** Whether the candidate is exactly a client secret: prefix, length, alphabet and checksum. */
    public static boolean isWellFormed(CharSequence candidate) {
        if (candidate == null || candidate.length() != LENGTH || !PREFIX.contentEquals(candidate.subSequence(0, 4))
                || candidate.charAt(4) != '_') {
            return false;
        }
        long expected = 0;
        for (int i = 5; i < LENGTH; i++) {
            int value = TokenFormat.valueOf(candidate.charAt(i));
            if (value < 0) {
                return false;
            }
            if (i >= CHECKED_LENGTH) {
                expected = expected * 62 + value;
            }
        }
        return checksum(candidate) == expected;
    }

    private static long checksum(CharSequence secret) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < CHECKED_LENGTH; i++) {
            crc.update(secret.charAt(i));
        }
        return crc.getValue();
    }
}
