package org.latchkey.alert;

import org.latchkey.notice.NoticeOutbox;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.latchkey.MutableClock;
import org.latchkey.account.NewUser;
import org.latchkey.account.User;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.UsageEvent;
import org.latchkey.audit.UsageKind;
import org.latchkey.audit.UsageLog;
import org.latchkey.audit.UsageRow;
import org.latchkey.store.Database;
import org.latchkey.store.TestDatabases;
import org.latchkey.token.NewToken;
import org.latchkey.token.Scope;
import org.latchkey.token.Scopes;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;

/** The use rules driven as the server drives them: uses queued in the usage log, then flushed, with the clock moved. */
class UsageWatchTest {

    private static final String CI_IP = "10.1.2.3";
    private static final String CI_AGENT = "git/2.43.0";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T09:30:00Z"));
    private final TestDatabases.Fresh fresh = TestDatabases.freshH2();
    private final Database db = fresh.database();
    private final NoticeOutbox outbox = new NoticeOutbox(db.notices(), clock);
    private final Alerts alerts = new Alerts(db.alerts(), outbox, new AuditLog(db.audit(), clock), AlertLimits.DEFAULT,
            new SimpleMeterRegistry(), clock);
    private final UsageLog usage = new UsageLog(db.usage(), 1 << 16, 3_600_000, clock, Duration.ofDays(90));
    private final User grace = db.users().insert(new NewUser("grace", "g@example.org", false, "$argon2id$x", clock.instant()))
            .orElseThrow();
    private final long ci = db.tokens().insert(new NewToken(grace.id(), TokenType.CLASSIC, "ci", null, Scopes.of(Scope.REPO),
            TokenHash.of(TokenFormat.generate(TokenType.CLASSIC, new java.security.SecureRandom())), clock.instant(), null,
            null), clock.instant()).orElseThrow().id();

    UsageWatchTest() {
        usage.onFlush(new UsageWatch(db.usagePatterns(), alerts));
    }

    @AfterEach
    void close() throws Exception {
        usage.close();
        fresh.close();
    }

    @Test
    void aNewAddress_afterThreeDaysOfUseFromOne_raisesAnAlertAndTellsTheOwner_once() {
        establishPattern();

        use(3, "198.51.100.7", CI_AGENT);
        use(3, "198.51.100.7", CI_AGENT);

        List<SecurityAlert> listed = alerts.page(grace.id(), null, 10);
        assertThat(listed).extracting(SecurityAlert::rule).containsExactly(AlertRule.NEW_IP);
        assertThat(listed.get(0).ip()).isEqualTo("198.51.100.7");
        assertThat(listed.get(0).tokenId()).isEqualTo(ci);
        assertThat(outbox.listForUser(grace.id(), null, 10)).extracting(n -> n.notice().event())
                .containsExactly("alert.new_ip");
    }

    @Test
    void aNewUserAgent_afterAPattern_raisesTheUserAgentRule() {
        establishPattern();

        use(1, CI_IP, "python-requests/2.31");

        assertThat(alerts.page(grace.id(), null, 10)).extracting(SecurityAlert::rule)
                .containsExactly(AlertRule.NEW_USER_AGENT);
    }

    @Test
    void aNewAddress_beforeThereIsAPattern_raisesNothing() {
        use(30, CI_IP, CI_AGENT);
        clock.advance(Duration.ofDays(1));

        use(1, "198.51.100.7", "curl/8.5.0");

        assertThat(alerts.page(grace.id(), null, 10)).isEmpty();
    }

    @Test
    void aBurstOfUse_farAboveTheUsualRate_raisesOneAlertInTheHour() {
        for (int day = 0; day < 2; day++) {
            for (int hour = 0; hour < 24; hour++) {
                use(2, CI_IP, CI_AGENT);
                clock.advance(Duration.ofHours(1));
            }
        }

        for (int minute = 0; minute < 10; minute++) {
            use(100, CI_IP, CI_AGENT);
            clock.advance(Duration.ofMinutes(1));
        }

        List<SecurityAlert> listed = alerts.page(grace.id(), null, 10);
        assertThat(listed).extracting(SecurityAlert::rule).containsExactly(AlertRule.USAGE_BURST);
        assertThat(listed.get(0).details()).containsEntry("uses_in_hour", "500");
    }

    /** 24 uses over four days from one address and client. */
    private void establishPattern() {
        for (int i = 0; i < 24; i++) {
            use(1, CI_IP, CI_AGENT);
            clock.advance(Duration.ofHours(4));
        }
        assertThat(alerts.page(grace.id(), null, 10)).isEmpty();
    }

    private void use(int times, String ip, String agent) {
        for (int i = 0; i < times; i++) {
            usage.record(new UsageEvent(ci, clock.millis(), UsageKind.API, "GET /api/v1/user", null, 0, 0, false, "", ip,
                    agent, true));
        }
        usage.record(new UsageEvent(ci, clock.millis(), UsageKind.API, null, "read_metadata", grace.id(), 0, false, null,
                null, null, true));
        usage.flush();
    }

    @Test
    void activities_countOnlyTheRowsOfRequests() {
        UsageEvent route = UsageEvent.route(1, 1000, "GET /api/v1/user", "", CI_IP, CI_AGENT, true);
        UsageEvent inside = new UsageEvent(1, 2000, UsageKind.API, null, "read_metadata", 9, 0, false, null, null, null, true);
        UsageEvent git = new UsageEvent(2, 3000, UsageKind.GIT, "git-upload-pack", "read_contents", 9, 4, true, null,
                "10.9.9.9", "git/2.43.0", true);

        List<TokenActivity> activities = UsageWatch.activities(List.of(new UsageRow(route, 4), new UsageRow(inside, 4),
                new UsageRow(git, 1)));

        assertThat(activities).containsExactly(
                new TokenActivity(1, Instant.ofEpochMilli(1000), 4, java.util.Map.of(CI_IP, Instant.ofEpochMilli(1000)),
                        java.util.Map.of(CI_AGENT, Instant.ofEpochMilli(1000))),
                new TokenActivity(2, Instant.ofEpochMilli(3000), 1, java.util.Map.of("10.9.9.9", Instant.ofEpochMilli(3000)),
                        java.util.Map.of("git/2.43.0", Instant.ofEpochMilli(3000))));
    }
}
