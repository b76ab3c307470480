package org.latchkey.account;

import dev.samstevens.totp.recovery.RecoveryCodeGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One-time recovery codes: ten at a time, {@code xxxx-xxxx-xxxx-xxxx} of lower-case letters and
 * digits (about 82 random bits each, from the totp library's generator). Only their SHA-256 is
 * stored, salted with the user's id: like a token, a code with that much randomness cannot be
 * guessed from its hash, and a slow hash would make trying ten of them at every sign-in slow.
 */
final class RecoveryCodes {

    static final int COUNT = 10;
    private static final Pattern NORMALISED = Pattern.compile("[a-z0-9]{16}");
    private static final RecoveryCodeGenerator GENERATOR = new RecoveryCodeGenerator();

    private RecoveryCodes() {
    }

    static List<String> generate() {
        return List.of(GENERATOR.generateCodes(COUNT));
    }

    /** What a person typed, without spaces and hyphens, lower-cased: a TOTP code or a recovery code. */
    static String normalise(String typed) {
        return typed == null ? "" : typed.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    }

    /** Whether a normalised text has the shape of a recovery code. */
    static boolean isRecoveryCode(String normalised) {
        return NORMALISED.matcher(normalised).matches();
    }

    static byte[] hash(long userId, String normalised) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("latchkey-recovery\0" + userId + "\0" + normalised).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<byte[]> hashes(long userId, List<String> codes) {
        return codes.stream().map(code -> hash(userId, normalise(code))).toList();
    }
}
