package org.latchkey.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.latchkey.audit.Origin;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Scope;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenState;
import org.latchkey.token.TokenType;

class InactiveTokenAlertsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:20:00Z");
    private static final Origin LEAK = new Origin("203.0.113.9", "curl/8.5.0");

    @Test
    void revokedToken_presented_raisesAnAlertNamingTheTokenByIdAndName_andWhereFrom() {
        Token token = token(TokenType.CLASSIC, NOW.minus(Duration.ofDays(2)), RevocationReason.REVOKED, null);

        NewAlert alert = InactiveTokenAlerts.alertFor(token, TokenState.REVOKED, LEAK, NOW);

        assertThat(alert.rule()).isEqualTo(AlertRule.REVOKED_TOKEN_USED);
        assertThat(alert.userId()).isEqualTo(7);
        assertThat(alert.tokenId()).isEqualTo(42L);
        assertThat(alert.ip()).isEqualTo("203.0.113.9");
        assertThat(alert.userAgent()).isEqualTo("curl/8.5.0");
        assertThat(alert.message()).contains("'deploy' (id 42)", "revoked on 2026-11-23 10:20:00 UTC",
                "from 203.0.113.9 (curl/8.5.0)", "latchkey scan");
        assertThat(alert.details()).containsEntry("token_name", "deploy").containsEntry("revocation_reason", "revoked");
    }

    @Test
    void rotatedAwayToken_presented_saysItsFamilyIsRevoked() {
        Token token = token(TokenType.CLASSIC, NOW.minusSeconds(60), RevocationReason.ROTATED, null);

        NewAlert alert = InactiveTokenAlerts.alertFor(token, TokenState.REVOKED, LEAK, NOW);

        assertThat(alert.message()).contains("every token of its family is now revoked");
        assertThat(alert.details()).containsEntry("revocation_reason", "rotated");
    }

    @Test
    void expiredToken_presented_raisesTheExpiredRule_withHowToRegenerate() {
        Token token = token(TokenType.FINE_GRAINED, null, null, NOW.minus(Duration.ofHours(1)));

        NewAlert alert = InactiveTokenAlerts.alertFor(token, TokenState.EXPIRED, LEAK, NOW);

        assertThat(alert.rule()).isEqualTo(AlertRule.EXPIRED_TOKEN_USED);
        assertThat(alert.message()).contains("expired on 2026-11-25 09:20:00 UTC", "latchkey token regenerate 42");
    }

    @Test
    void sessionsAndActiveTokens_raiseNothing() {
        Token session = token(TokenType.SESSION, NOW.minusSeconds(5), RevocationReason.SIGNED_OUT, null);
        Token active = token(TokenType.CLASSIC, null, null, null);

        assertThat(InactiveTokenAlerts.alertFor(session, TokenState.REVOKED, LEAK, NOW)).isNull();
        assertThat(InactiveTokenAlerts.alertFor(active, TokenState.ACTIVE, LEAK, NOW)).isNull();
    }

    @Test
    void key_isOnePerTokenAddressAndClockHour() {
        Token token = token(TokenType.CLASSIC, NOW.minus(Duration.ofDays(1)), RevocationReason.REVOKED, null);

        String first = InactiveTokenAlerts.alertFor(token, TokenState.REVOKED, LEAK, NOW).key();
        String sameHourOtherAgent = InactiveTokenAlerts.alertFor(token, TokenState.REVOKED,
                new Origin("203.0.113.9", "python-requests/2.31"), NOW.plus(Duration.ofMinutes(30))).key();
        String nextHour = InactiveTokenAlerts.alertFor(token, TokenState.REVOKED, LEAK, NOW.plus(Duration.ofMinutes(45))).key();
        String otherAddress = InactiveTokenAlerts.alertFor(token, TokenState.REVOKED,
                new Origin("198.51.100.4", "curl/8.5.0"), NOW).key();

        assertThat(sameHourOtherAgent).isEqualTo(first);
        assertThat(nextHour).isNotEqualTo(first);
        assertThat(otherAddress).isNotEqualTo(first);
        assertThat(first).doesNotContain("203.0.113.9");
    }

    @Test
    void aUserAgent_isShownOnOneLine_andCut() {
        Token token = token(TokenType.CLASSIC, NOW.minusSeconds(60), RevocationReason.REVOKED, null);
        String agent = "evil\r\nSubject: click here " + "x".repeat(300);

        NewAlert alert = InactiveTokenAlerts.alertFor(token, TokenState.REVOKED, new Origin("203.0.113.9", agent), NOW);

        assertThat(alert.message()).doesNotContain("\n").doesNotContain("\r").contains("(evil  Subject: click here xxx")
                .doesNotContain("x".repeat(Alerts.SHOWN_LENGTH));
        assertThat(alert.userAgent()).isEqualTo(agent);
    }

    static Token token(TokenType type, Instant revokedAt, RevocationReason reason, Instant expiresAt) {
        return new Token(42, 7, type, "deploy", null, Scopes.of(Scope.REPO), NOW.minus(Duration.ofDays(30)), expiresAt,
                revokedAt, reason, null, 42, TokenHash.of(TokenFormat.generate(TokenType.CLASSIC,
                new java.security.SecureRandom())), null);
    }
}
