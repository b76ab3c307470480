package org.latchkey.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * Password reset codes: 28 characters of Crockford's base32 (140 random bits) in groups of four,
 * {@code xxxx-xxxx-…}. What a person types is read leniently (any case, hyphens and spaces
 * ignored, {@code i}/{@code l} as 1, {@code o} as 0). Only SHA-256 salted with the user's id is
 * stored: a code with that much randomness cannot be guessed from its hash.
 */
final class ResetCodes {

    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final int LENGTH = 28;

    private ResetCodes() {
    }

    static String generate(SecureRandom random) {
        StringBuilder code = new StringBuilder(LENGTH + LENGTH / 4);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    static String normalise(String typed) {
        if (typed == null || typed.length() > 200) {
            return "";
        }
        return typed.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT)
                .replace('i', '1').replace('l', '1').replace('o', '0');
    }

    static byte[] hash(long userId, String normalised) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("latchkey-password-reset\0" + userId + "\0" + normalised).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
