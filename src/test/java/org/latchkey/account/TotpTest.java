package org.latchkey.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.latchkey.MutableClock;
import org.latchkey.TestTotp;

class TotpTest {

    /** RFC 6238's SHA-1 key, "12345678901234567890", in base32. */
    private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:10Z"));
    private final Totp totp = new Totp(clock);
    private final long now = Instant.parse("2026-11-25T10:00:10Z").getEpochSecond() / 30;

    @Test
    void rfc6238_testVector_isAcceptedAtItsTime() {
        MutableClock rfcClock = new MutableClock(Instant.ofEpochSecond(59));

        assertThat(new Totp(rfcClock).stepOf(RFC_SECRET, "287082")).hasValue(1);
        assertThat(new Totp(new MutableClock(Instant.ofEpochSecond(1111111109))).stepOf(RFC_SECRET, "081804"))
                .hasValue(1111111109 / 30);
    }

    @Test
    void codeOfNow_isAcceptedWithItsStep() {
        String secret = totp.newSecret();

        assertThat(totp.stepOf(secret, TestTotp.code(secret, clock))).hasValue(now);
    }

    @Test
    void codeOneStepEarlyOrLate_isAccepted_twoStepsAway_isNot() {
        String secret = totp.newSecret();

        assertThat(totp.stepOf(secret, TestTotp.codeAtStep(secret, now - 1))).hasValue(now - 1);
        assertThat(totp.stepOf(secret, TestTotp.codeAtStep(secret, now + 1))).hasValue(now + 1);
        assertThat(totp.stepOf(secret, TestTotp.codeAtStep(secret, now - 2))).isEmpty();
        assertThat(totp.stepOf(secret, TestTotp.codeAtStep(secret, now + 2))).isEmpty();
    }

    @Test
    void codeOfThisStep_expiresAfterTheNextStep() {
        String secret = totp.newSecret();
        String code = TestTotp.code(secret, clock);

        clock.advance(Duration.ofSeconds(30));
        assertThat(totp.stepOf(secret, code)).hasValue(now);
        clock.advance(Duration.ofSeconds(30));
        assertThat(totp.stepOf(secret, code)).isEmpty();
    }

    @Test
    void malformedCodes_areRefusedWithoutComputing() {
        String secret = totp.newSecret();

        assertThat(totp.stepOf(secret, null)).isEmpty();
        assertThat(totp.stepOf(secret, "")).isEmpty();
        assertThat(totp.stepOf(secret, "12345")).isEmpty();
        assertThat(totp.stepOf(secret, "1234567")).isEmpty();
        assertThat(totp.stepOf(secret, "12a456")).isEmpty();
    }

    @Test
    void newSecrets_are32Base32Characters_andDiffer() {
        String one = totp.newSecret();

        assertThat(one).matches("[A-Z2-7]{32}");
        assertThat(totp.newSecret()).isNotEqualTo(one);
    }

    @Test
    void uri_namesTheIssuerAccountAndParameters() {
        assertThat(Totp.uri("JBSWY3DPEHPK3PXP", "grace"))
                .startsWith("otpauth://totp/grace?")
                .contains("secret=JBSWY3DPEHPK3PXP", "issuer=Latchkey", "algorithm=SHA1", "digits=6", "period=30");
    }

    @Test
    void recoveryCodes_areTenDistinctCodes_thatNormaliseToTheirShape() {
        var codes = RecoveryCodes.generate();

        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        assertThat(codes).allSatisfy(code -> {
            assertThat(code).matches("[a-z0-9]{4}(-[a-z0-9]{4}){3}");
            assertThat(RecoveryCodes.isRecoveryCode(RecoveryCodes.normalise(" " + code.toUpperCase() + " "))).isTrue();
        });
        assertThat(RecoveryCodes.hash(1, "abcd")).isNotEqualTo(RecoveryCodes.hash(2, "abcd"));
    }
}
