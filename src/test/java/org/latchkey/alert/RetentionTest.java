package org.latchkey.alert;

import org.latchkey.notice.ExpiryNotices;
import org.latchkey.notice.Notice;
import org.latchkey.notice.NoticeOutbox;
import org.latchkey.notice.Pruned;
import org.latchkey.notice.UnusedTokenNotices;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.UsageEvent;
import org.latchkey.audit.UsageRow;
import org.latchkey.store.Database;
import org.latchkey.store.TestDatabases;
import org.latchkey.token.NewToken;
import org.latchkey.token.Scope;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;

/**
 * The retention job with the clock moved, its owner reached by no channel (each notice is fanned
 * out to nothing as it is told): what it deletes, and that the jobs and rules run again afterwards
 * tell nothing twice.
 */
class RetentionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final String CI_IP = "10.1.2.3";
    private static final String CI_AGENT = "git/2.43.0";

    private final MutableClock clock = new MutableClock(T0);
    private final TestDatabases.Fresh fresh = TestDatabases.freshH2();
    private final Database db = fresh.database();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NoticeOutbox outbox = new NoticeOutbox(db.notices(), clock);
    private final List<String> told = new ArrayList<>();
    private final User grace = db.users().insert(new NewUser("grace", "g@example.org", false, "$argon2id$x", T0))
            .orElseThrow();

    RetentionTest() {
        outbox.onNew(stored -> {
            told.add(stored.notice().key());
            db.deliveries().fanOut(stored.id(), List.of(), clock.instant());
        });
    }

    @AfterEach
    void close() throws Exception {
        fresh.close();
    }

    @Test
    void expiryNotices_outliveAOneDayWindow_untilTheirKeysCanNoLongerComeDue_soNoneIsToldTwice() {
        Token token = token("deploy", Duration.ofDays(8));
        ExpiryNotices job = new ExpiryNotices(db.tokens(), outbox, clock, "https://latchkey.example.com");
        Retention retention = retention(Duration.ofDays(1));

        for (int run = 0; run < 4 * 30; run++) {
            clock.advance(Duration.ofHours(6));
            retention.prune();
            job.run();
        }

        String expiry = token.expiresAt().toString();
        assertThat(told).containsExactly("token.expiring:" + token.id() + ":7d:" + expiry,
                "token.expiring:" + token.id() + ":1d:" + expiry, "token.expired:" + token.id() + ":" + expiry);
        assertThat(outbox.listForUser(grace.id(), null, 10)).as("each went once its key could not come due").isEmpty();
        assertThat(pruned("notices")).isEqualTo(3);
        assertThat(pruned("notice_fanouts")).isEqualTo(3);
    }

    @Test
    void aNewUserAgentAlert_prunedWithItsNotice_isNotRaisedAgain_whileTheTokenKeepsThatAgent() {
        long ci = token("ci", null).id();
        UsageWatch watch = watch();
        for (int i = 0; i < 24; i++) {
            use(watch, ci, CI_AGENT);
            clock.advance(Duration.ofHours(4));
        }
        use(watch, ci, "python-requests/2.31");
        clock.advance(Duration.ofDays(91));

        Pruned pruned = retention(Duration.ofDays(90)).prune();
        UsageWatch afterRestart = watch();
        use(afterRestart, ci, "python-requests/2.31");

        assertThat(pruned.rows(Pruned.Table.SECURITY_ALERTS)).isEqualTo(1);
        assertThat(pruned.rows(Pruned.Table.NOTICES)).isEqualTo(1);
        assertThat(pruned.rows(Pruned.Table.TOKEN_SIGHTINGS)).as("the token is live").isZero();
        assertThat(db.alerts().listForUser(grace.id(), null, 10)).isEmpty();
        assertThat(told).hasSize(1);
        use(afterRestart, ci, "curl/8.5.0");
        assertThat(db.alerts().listForUser(grace.id(), null, 10)).extracting(SecurityAlert::rule)
                .containsExactly(AlertRule.NEW_USER_AGENT);
        assertThat(told).hasSize(2);
    }

    @Test
    void alertAndUnusedTokenNotices_goAfterTheWindow_butANoticeOfAnEventItDoesNotKnowStays() {
        for (String event : List.of("alert.new_ip", UnusedTokenNotices.EVENT, "leak.reported")) {
            outbox.tell(new Notice(grace.id(), event, event + ":1", "subject", "text", Map.of()));
        }
        Retention retention = retention(Duration.ofDays(90));

        clock.advance(Duration.ofDays(90));
        Pruned inside = retention.prune();
        clock.advance(Duration.ofSeconds(1));
        Pruned past = retention.prune();

        assertThat(inside).isEqualTo(Pruned.NONE);
        assertThat(past.rows(Pruned.Table.NOTICES)).isEqualTo(2);
        assertThat(outbox.listForUser(grace.id(), null, 10)).extracting(n -> n.notice().event())
                .containsExactly("leak.reported");
    }

    private Retention retention(Duration window) {
        return new Retention(db.notices(), db.deliveries(), db.alerts(), db.usagePatterns(), clock, window, registry);
    }

    /** A rule watcher as a freshly started server has it, with nothing remembered in memory. */
    private UsageWatch watch() {
        return new UsageWatch(db.usagePatterns(), new Alerts(db.alerts(), outbox, new AuditLog(db.audit(), clock),
                AlertLimits.DEFAULT, new SimpleMeterRegistry(), clock));
    }

    private void use(UsageWatch watch, long tokenId, String agent) {
        watch.accept(List.of(new UsageRow(UsageEvent.route(tokenId, clock.millis(), "GET /api/v1/user", "", CI_IP, agent,
                true), 1)));
    }

    private double pruned(String table) {
        return registry.get("latchkey.retention.pruned").tag("table", table).counter().count();
    }

    private Token token(String name, Duration lifetime) {
        return db.tokens().insert(new NewToken(grace.id(), TokenType.CLASSIC, name, null, Scopes.of(Scope.REPO),
                TokenHash.of(TokenFormat.generate(TokenType.CLASSIC, new SecureRandom())), clock.instant(),
                lifetime == null ? null : clock.instant().plus(lifetime), null), clock.instant()).orElseThrow();
    }
}
