package org.latchkey.account;

import dev.samstevens.totp.code.CodeGenerator;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import dev.samstevens.totp.secret.SecretGenerator;
import dev.samstevens.totp.time.TimeProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * TOTP as RFC 6238 and every authenticator app have it: HMAC-SHA1, 6 digits, 30-second steps, a
 * code accepted one step early or late for clock drift. The codes come from the samstevens totp
 * library, whose time is read from the injected {@link Clock}. This class only says which step a
 * code belongs to; accepting each step at most once is {@link TwoFactorStore#useStep}'s job.
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final int PERIOD_SECONDS = 30;
    public static final int ALLOWED_DRIFT_STEPS = 1;
    public static final String ISSUER = "Latchkey";
    private static final Pattern CODE = Pattern.compile("\\d{" + DIGITS + "}");

    private final TimeProvider time;
    private final CodeGenerator codes = new DefaultCodeGenerator(HashingAlgorithm.SHA1, DIGITS);
    private final SecretGenerator secrets = new DefaultSecretGenerator(32);

    public Totp(Clock clock) {
        this.time = () -> Math.floorDiv(clock.millis(), 1000L);
    }

    /** A new random secret: 32 base32 characters (160 bits, the size of an HMAC-SHA1 key). */
    public String newSecret() {
        return secrets.generate();
    }

    /** Whether the text has the shape of a code (six digits, spaces already removed). */
    static boolean isCode(String text) {
        return text != null && CODE.matcher(text).matches();
    }

    /** The time step, within the allowed drift of now, whose code this is; empty for any other code. */
    public OptionalLong stepOf(String secret, String code) {
        if (!isCode(code)) {
            return OptionalLong.empty();
        }
        long now = Math.floorDiv(time.getTime(), PERIOD_SECONDS);
        OptionalLong found = OptionalLong.empty();
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        for (long step = now - ALLOWED_DRIFT_STEPS; step <= now + ALLOWED_DRIFT_STEPS; step++) {
            if (MessageDigest.isEqual(given, codeAt(secret, step).getBytes(StandardCharsets.US_ASCII))) {
                found = OptionalLong.of(step);
            }
        }
        return found;
    }

    private String codeAt(String secret, long step) {
        try {
            return codes.generate(secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException("cannot compute a TOTP code (damaged secret?)");
        }
    }

    /** The {@code otpauth://totp/…} URI an authenticator app reads from the QR code. */
    public static String uri(String secret, String account) {
        return data(secret, account).getUri();
    }

    /** What the QR code encodes. */
    public static QrData data(String secret, String account) {
        return new QrData.Builder().label(account).secret(secret).issuer(ISSUER)
                .algorithm(HashingAlgorithm.SHA1).digits(DIGITS).period(PERIOD_SECONDS).build();
    }
}
