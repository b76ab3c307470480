package org.latchkey.scan;

import java.security.SecureRandom;
import java.util.zip.CRC32;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;

/** Generates realistic secrets of every kind the scanner knows, for the tests' corpus. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = TokenFormat.ALPHABET;

    private Secrets() {
    }

    static String latchkey() {
        return TokenFormat.generate(TokenType.CLASSIC, RANDOM);
    }

    /** A GitHub-style token (also npm's scheme): 30 random base62 and the CRC32 of those as 6 base62 digits. */
    static String withCrc(String prefix) {
        String random = random(30, ALPHABET);
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[6];
        for (int i = 5; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (value % 62));
            value /= 62;
        }
        return prefix + random + new String(digits);
    }

    static String github() {
        return withCrc("ghp_");
    }

    static String githubFineGrained() {
        return "github_pat_" + random(22, ALPHABET) + "_" + random(59, ALPHABET);
    }

    static String gitlab() {
        return "glpat-" + random(20, ALPHABET + "_-");
    }

    static String npm() {
        return withCrc("npm_");
    }

    static String aws() {
        return "AKIA" + random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    }

    /** The same secret with its last character changed, so a checksum no longer holds. */
    static String broken(String secret) {
        char last = secret.charAt(secret.length() - 1);
        return secret.substring(0, secret.length() - 1) + (last == 'a' ? 'b' : 'a');
    }

    static String random(int length, String alphabet) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
