package org.latchkey;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import java.time.Clock;

/** What an authenticator app shows: the TOTP code of a secret at a clock's time, computed with the library. */
public final class TestTotp {

    private static final DefaultCodeGenerator CODES = new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6);

    private TestTotp() {
    }

    public static String code(String secret, Clock clock) {
        return codeAtStep(secret, Math.floorDiv(clock.millis(), 30_000L));
    }

    public static String codeAtStep(String secret, long step) {
        try {
            return CODES.generate(secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException(e);
        }
    }
}
