package org.latchkey.scan;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.latchkey.token.ClientSecretFormat;
import org.latchkey.token.TokenFormat;

/**
 * Recognises a secret starting at one position of a byte buffer, by hand: a table says which bytes
 * can start a secret, and only those look further. Every kind has a fixed length and must not be
 * glued to letters or digits on either side (nor to the other characters of its own alphabet after
 * it), so a longer look-alike is not taken for a secret.
 *
 * <p>GitHub's and npm's tokens end in a CRC32 of their 30 random characters, written as 6 base62
 * digits (the scheme Latchkey's tokens follow, which also cover the prefix); that checksum is
 * verified. Latchkey tokens and client secrets ({@code lkcs_}) are reported only when their checksum holds.
 */
final class Detectors {

    private static final boolean[] STARTS = new boolean[1 << 16];
    private static final boolean[] BASE62 = new boolean[256];
    private static final boolean[] UPPER_OR_DIGIT = new boolean[256];
    private static final boolean[] PAT_BODY = new boolean[256];
    private static final boolean[] GITLAB_BODY = new boolean[256];
    private static final byte[] GITHUB_PAT = "github_pat_".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GITLAB = "glpat-".getBytes(StandardCharsets.US_ASCII);

    static {
        for (String pair : new String[] {"lk", "gh", "gi", "gl", "np", "AK", "AS"}) {
            STARTS[pair.charAt(0) << 8 | pair.charAt(1)] = true;
        }
        for (char c : TokenFormat.ALPHABET.toCharArray()) {
            BASE62[c] = true;
            PAT_BODY[c] = true;
            GITLAB_BODY[c] = true;
            UPPER_OR_DIGIT[c] = c <= 'Z';
        }
        PAT_BODY['_'] = true;
        GITLAB_BODY['_'] = true;
        GITLAB_BODY['-'] = true;
    }

    private Detectors() {
    }

    /** Whether the two bytes at {@code i} and {@code i + 1} can begin a secret: one table lookup. */
    static boolean mayStart(byte[] b, int i) {
        return STARTS[(b[i] & 0xff) << 8 | b[i + 1] & 0xff];
    }

    /** The shortest secret: no secret starts closer than this to the end of the data. */
    static final int MIN_LENGTH = 20;

    /**
     * The kind of secret at {@code i}, or null. {@code end} is the end of the valid bytes, and the
     * end of the data only when {@code atEnd}; the caller keeps {@link SecretKind#MAX_LENGTH} + 1
     * bytes after {@code i} unless it is at the end.
     */
    static SecretKind at(byte[] b, int i, int end) {
        if (i > 0 && BASE62[b[i - 1] & 0xff]) {
            return null;
        }
        return switch (b[i]) {
            case 'l' -> latchkey(b, i, end);
            case 'g' -> github(b, i, end);
            case 'n' -> fits(b, i, end, 40) && b[i + 1] == 'p' && b[i + 2] == 'm' && b[i + 3] == '_'
                    && body(b, i + 4, i + 40, BASE62, end) ? SecretKind.NPM : null;
            case 'A' -> aws(b, i, end);
            default -> null;
        };
    }

    private static SecretKind latchkey(byte[] b, int i, int end) {
        if (fits(b, i, end, ClientSecretFormat.LENGTH) && b[i + 1] == 'k' && b[i + 2] == 'c' && b[i + 3] == 's'
                && b[i + 4] == '_' && body(b, i + 5, i + ClientSecretFormat.LENGTH, BASE62, end)) {
            return ClientSecretFormat.isWellFormed(new String(b, i, ClientSecretFormat.LENGTH, StandardCharsets.US_ASCII))
                    ? SecretKind.LATCHKEY_CLIENT_SECRET : null;
        }
        if (!fits(b, i, end, 40) || b[i + 1] != 'k' || b[i + 3] != '_' || !isLatchkeyType(b[i + 2])
                || !body(b, i + 4, i + 40, BASE62, end)) {
            return null;
        }
        return TokenFormat.isWellFormed(new String(b, i, 40, StandardCharsets.US_ASCII)) ? SecretKind.LATCHKEY : null;
    }

    private static SecretKind github(byte[] b, int i, int end) {
        if (fits(b, i, end, 40) && b[i + 1] == 'h' && b[i + 3] == '_' && isGithubType(b[i + 2])) {
            return body(b, i + 4, i + 40, BASE62, end) ? SecretKind.GITHUB : null;
        }
        if (fits(b, i, end, 93) && startsWith(b, i, GITHUB_PAT)) {
            return body(b, i + 11, i + 93, PAT_BODY, end) ? SecretKind.GITHUB_FINE_GRAINED : null;
        }
        if (fits(b, i, end, 26) && startsWith(b, i, GITLAB)) {
            return body(b, i + 6, i + 26, GITLAB_BODY, end) ? SecretKind.GITLAB : null;
        }
        return null;
    }

    private static SecretKind aws(byte[] b, int i, int end) {
        if (!fits(b, i, end, 20) || b[i + 3] != 'A' || !(b[i + 1] == 'K' && b[i + 2] == 'I' || b[i + 1] == 'S' && b[i + 2] == 'I')) {
            return null;
        }
        return body(b, i + 4, i + 20, UPPER_OR_DIGIT, end) ? SecretKind.AWS_ACCESS_KEY_ID : null;
    }

    private static boolean isLatchkeyType(byte c) {
        return c == 'p' || c == 'f' || c == 's' || c == 'j' || c == 'o' || c == 'r';
    }

    private static boolean isGithubType(byte c) {
        return c == 'p' || c == 'o' || c == 'u' || c == 's' || c == 'r';
    }

    private static boolean fits(byte[] b, int i, int end, int length) {
        return i + length <= end;
    }

    private static boolean startsWith(byte[] b, int i, byte[] prefix) {
        for (int k = 1; k < prefix.length; k++) {
            if (b[i + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /** Every byte of [from, to) is in the alphabet, and the byte after (if any) is not, nor a letter or digit. */
    private static boolean body(byte[] b, int from, int to, boolean[] alphabet, int end) {
        for (int k = from; k < to; k++) {
            if (!alphabet[b[k] & 0xff]) {
                return false;
            }
        }
        return to == end || !alphabet[b[to] & 0xff] && !BASE62[b[to] & 0xff];
    }

    /** Whether a GitHub or npm token's last 6 base62 digits are the CRC32 of its 30 random characters. */
    static boolean crcHolds(String secret) {
        CRC32 crc = new CRC32();
        for (int k = 4; k < 34; k++) {
            crc.update(secret.charAt(k));
        }
        long value = 0;
        for (int k = 34; k < 40; k++) {
            value = value * 62 + TokenFormat.ALPHABET.indexOf(secret.charAt(k));
        }
        return value == crc.getValue();
    }

    /** True or false where the kind carries a checksum, null where it does not. */
    static Boolean checksum(SecretKind kind, String secret) {
        return switch (kind) {
            case LATCHKEY, LATCHKEY_CLIENT_SECRET -> Boolean.TRUE;
            case GITHUB, NPM -> crcHolds(secret);
            default -> null;
        };
    }
}
