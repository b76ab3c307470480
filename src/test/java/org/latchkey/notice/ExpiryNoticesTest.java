package org.latchkey.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.latchkey.MutableClock;
import org.latchkey.account.NewUser;
import org.latchkey.account.User;
import org.latchkey.audit.TokenUse;
import org.latchkey.store.Database;
import org.latchkey.store.TestDatabases;
import org.latchkey.token.NewToken;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Scope;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;

class ExpiryNoticesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestDatabases.Fresh fresh = TestDatabases.freshH2();
    private final Database db = fresh.database();
    private final MutableClock clock = new MutableClock(T0);
    private final NoticeOutbox outbox = new NoticeOutbox(db.notices(), clock);
    private final List<Notice> told = new ArrayList<>();
    private final User octocat = db.users().insert(new NewUser("octocat", "o@example.org", false, "$argon2id$x", T0))
            .orElseThrow();

    ExpiryNoticesTest() {
        outbox.onNew(stored -> told.add(stored.notice()));
    }

    @AfterEach
    void close() throws Exception {
        fresh.close();
    }

    private ExpiryNotices job() {
        return new ExpiryNotices(db.tokens(), outbox, clock, "https://latchkey.example.com/");
    }

    @Test
    void aThirtyDayToken_isToldSevenDaysBefore_oneDayBefore_andOnceExpired_eachOnce() {
        Token token = token("deploy", TokenType.CLASSIC, Duration.ofDays(30));

        assertThat(job().run()).isZero();
        clock.advance(Duration.ofDays(23).plusMinutes(1));
        assertThat(job().run()).isEqualTo(1);
        assertThat(job().run()).isZero();
        clock.advance(Duration.ofDays(6));
        assertThat(job().run()).isEqualTo(1);
        clock.advance(Duration.ofDays(1));
        assertThat(job().run()).isEqualTo(1);
        clock.advance(Duration.ofDays(3));
        assertThat(job().run()).isZero();

        String expiry = token.expiresAt().toString();
        assertThat(told).extracting(Notice::key).containsExactly(
                "token.expiring:" + token.id() + ":7d:" + expiry,
                "token.expiring:" + token.id() + ":1d:" + expiry,
                "token.expired:" + token.id() + ":" + expiry);
        assertThat(told).extracting(Notice::event).containsExactly("token.expiring", "token.expiring", "token.expired");
        assertThat(told).allSatisfy(notice -> assertThat(notice.userId()).isEqualTo(octocat.id()));
    }

    @Test
    void aRestartedJob_tellsNothingTwice() {
        token("deploy", TokenType.CLASSIC, Duration.ofDays(30));
        clock.advance(Duration.ofDays(29).plusHours(1));
        job().run();

        int afterRestart = new ExpiryNotices(db.tokens(), new NoticeOutbox(db.notices(), clock), clock, "http://x").run();

        assertThat(afterRestart).isZero();
        assertThat(told).hasSize(1);
    }

    @Test
    void aJobDownDuringTheSevenDayWindow_tellsTheSevenDayNoticeWhenBackTwoDaysBefore_thenTheOneDay() {
        Token token = token("deploy", TokenType.CLASSIC, Duration.ofDays(30));
        clock.advance(Duration.ofDays(28));

        job().run();
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        job().run();

        assertThat(told).extracting(Notice::key).containsExactly(
                "token.expiring:" + token.id() + ":7d:" + token.expiresAt(),
                "token.expiring:" + token.id() + ":1d:" + token.expiresAt());
        assertThat(told.get(0).subject()).isEqualTo("Your token \"deploy\" expires in 2 days");
    }

    @Test
    void aJobDownUntilTheLastDay_tellsOnlyTheOneDayNotice_neverTheStaleSevenDayOne() {
        Token token = token("deploy", TokenType.CLASSIC, Duration.ofDays(30));
        clock.advance(Duration.ofDays(29).plusHours(12));

        job().run();
        job().run();

        assertThat(told).extracting(Notice::key).containsExactly("token.expiring:" + token.id() + ":1d:" + token.expiresAt());
        assertThat(told.get(0).subject()).isEqualTo("Your token \"deploy\" expires in 12 hours");
    }

    @Test
    void anExpiryLongPast_isNotTold_butOneWithinAWeekIs() {
        Token old = token("old", TokenType.CLASSIC, Duration.ofDays(2));
        Token recent = token("recent", TokenType.CLASSIC, Duration.ofDays(8));
        clock.advance(Duration.ofDays(10));

        job().run();

        assertThat(told).extracting(Notice::key).containsExactly("token.expired:" + recent.id() + ":" + recent.expiresAt());
        assertThat(old.id()).isNotEqualTo(recent.id());
    }

    @Test
    void revokedDeletedAndSessionTokens_areNeverTold() {
        Token revoked = token("revoked", TokenType.CLASSIC, Duration.ofDays(30));
        Token deleted = token("deleted", TokenType.CLASSIC, Duration.ofDays(30));
        token("session", TokenType.SESSION, Duration.ofDays(30));
        db.tokens().revoke(revoked.id(), RevocationReason.REVOKED, T0);
        db.tokens().delete(deleted.id(), T0);

        for (int day = 0; day < 32; day++) {
            clock.advance(Duration.ofDays(1));
            job().run();
        }

        assertThat(told).isEmpty();
    }

    @Test
    void aRegeneratedToken_withANewExpiry_isToldAgain() {
        Token token = token("deploy", TokenType.CLASSIC, Duration.ofDays(30));
        clock.advance(Duration.ofDays(29).plusHours(1));
        job().run();
        Instant newExpiry = clock.instant().plus(Duration.ofDays(30));
        db.tokens().replaceSecret(token.id(), TokenHash.of(TokenFormat.generate(TokenType.CLASSIC, RANDOM)),
                token.scopes(), newExpiry);

        job().run();
        clock.advance(Duration.ofDays(23));
        job().run();

        assertThat(told).extracting(Notice::key).containsExactly(
                "token.expiring:" + token.id() + ":1d:" + token.expiresAt(),
                "token.expiring:" + token.id() + ":7d:" + newExpiry);
    }

    @Test
    void aTokenBornInsideAWarningWindow_skipsThatWarning_butGetsTheLaterOnes() {
        Token token = token("short", TokenType.CLASSIC, Duration.ofDays(3));

        job().run();
        clock.advance(Duration.ofDays(2).plusMinutes(1));
        job().run();
        clock.advance(Duration.ofDays(1));
        job().run();

        assertThat(told).extracting(Notice::key).containsExactly(
                "token.expiring:" + token.id() + ":1d:" + token.expiresAt(),
                "token.expired:" + token.id() + ":" + token.expiresAt());
    }

    @Test
    void theMessage_namesTheToken_itsExpiry_itsLastUse_andHowToRegenerateIt() {
        Token token = token("deploy from CI", TokenType.CLASSIC, Duration.ofDays(30));
        db.tokens().recordUsage(List.of(new TokenUse(token.id(), T0.plus(Duration.ofDays(20)), "203.0.113.9", "curl/8.5")));
        clock.advance(Duration.ofDays(23).plusHours(1));

        job().run();

        Notice notice = told.get(0);
        long id = token.id();
        assertThat(notice.subject()).isEqualTo("Your token \"deploy from CI\" expires in 6 days");
        assertThat(notice.text())
                .contains("\"deploy from CI\" (id " + id + ", classic, scopes repo, workflow)")
                .contains("expires on 2026-03-31 09:00:00 UTC, in 6 days")
                .contains("last used on 2026-03-21 09:00:00 UTC from 203.0.113.9 (curl/8.5)")
                .contains("https://latchkey.example.com/settings/tokens/" + id)
                .contains("latchkey token regenerate " + id)
                .contains("curl -X POST -H \"Authorization: token $SESSION\" https://latchkey.example.com/api/v1/user/tokens/"
                        + id + "/regenerate");
        assertThat(notice.fields()).containsAllEntriesOf(Map.of(
                "token_id", Long.toString(id),
                "token_name", "deploy from CI",
                "expires_at", "2026-03-31T09:00:00Z",
                "threshold", "7d",
                "last_used_at", "2026-03-21T09:00:00Z",
                "last_used_ip", "203.0.113.9",
                "regenerate_url", "https://latchkey.example.com/settings/tokens/" + id));
    }

    @Test
    void aNeverUsedExpiredToken_saysSo() {
        token("idle", TokenType.CLASSIC, Duration.ofDays(30));
        clock.advance(Duration.ofDays(30));

        job().run();

        assertThat(told.get(0).subject()).isEqualTo("Your token \"idle\" has expired");
        assertThat(told.get(0).text()).contains("expired on 2026-03-31 09:00:00 UTC").contains("never been used")
                .contains("To use it again, regenerate it");
        assertThat(told.get(0).fields()).doesNotContainKeys("last_used_at", "last_used_ip");
    }

    private Token token(String name, TokenType type, Duration lifetime) {
        return db.tokens().insert(new NewToken(octocat.id(), type, name, null, Scopes.of(Scope.REPO, Scope.WORKFLOW),
                TokenHash.of(TokenFormat.generate(type, RANDOM)), clock.instant(), clock.instant().plus(lifetime), null),
                clock.instant()).orElseThrow();
    }
}
