package org.latchkey.alert;

import org.latchkey.notice.NoticeOutbox;
import org.latchkey.notice.StoredNotice;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.MutableClock;
import org.latchkey.account.NewUser;
import org.latchkey.account.User;
import org.latchkey.audit.AuditLog;
import org.latchkey.store.Database;
import org.latchkey.store.TestDatabases;
import org.latchkey.store.TestDatabases.Engine;

/**
 * A node that stopped between storing an alert as told and telling it: the alert is listed, and
 * the sweep tells its notice, once, on every engine.
 */
class MissedAlertNoticesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anAlertStoredAsToldButNeverTold_isToldOnce_afterItSettles(Engine engine) throws Exception {
        try (TestDatabases.Fresh fresh = TestDatabases.fresh(engine)) {
            Database db = fresh.database();
            User grace = db.users().insert(new NewUser("grace", "g@example.org", false, "$argon2id$x", clock.instant()))
                    .orElseThrow();
            NoticeOutbox outbox = new NoticeOutbox(db.notices(), clock);
            MissedAlertNotices sweep = new MissedAlertNotices(db.alerts(), outbox, clock);
            SecurityAlert stranded = db.alerts().add(alert(grace, "crashed"), AlertLimits.DEFAULT).orElseThrow().alert();
            new Alerts(db.alerts(), outbox, new AuditLog(db.audit(), clock), AlertLimits.DEFAULT, new SimpleMeterRegistry(),
                    clock)
                    .raise(alert(grace, "told"));

            int tooSoon = sweep.run();
            clock.advance(MissedAlertNotices.SETTLE);
            int told = sweep.run();
            int again = sweep.run();

            assertThat(stranded.notified()).isTrue();
            assertThat(tooSoon).isZero();
            assertThat(told).isOne();
            assertThat(again).isZero();
            List<StoredNotice> notices = outbox.listForUser(grace.id(), null, 10);
            assertThat(notices).extracting(notice -> notice.notice().key())
                    .containsExactlyInAnyOrder("security_alert:" + stranded.id(), "security_alert:" + (stranded.id() + 1));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void alertsHeldBackByTheLimit_orOlderThanTheLookBack_areNotTold(Engine engine) throws Exception {
        try (TestDatabases.Fresh fresh = TestDatabases.fresh(engine)) {
            Database db = fresh.database();
            User grace = db.users().insert(new NewUser("grace", "g@example.org", false, "$argon2id$x", clock.instant()))
                    .orElseThrow();
            NoticeOutbox outbox = new NoticeOutbox(db.notices(), clock);
            AlertLimits oneAnHour = new AlertLimits(1, 1, Duration.ofHours(1));
            db.alerts().add(alert(grace, "old"), oneAnHour);
            clock.advance(MissedAlertNotices.LOOK_BACK.plusMinutes(1));
            db.alerts().add(alert(grace, "told"), oneAnHour);
            SecurityAlert heldBack = db.alerts().add(alert(grace, "held back"), oneAnHour).orElseThrow().alert();
            clock.advance(MissedAlertNotices.SETTLE);

            int told = new MissedAlertNotices(db.alerts(), outbox, clock).run();

            assertThat(heldBack.notified()).isFalse();
            assertThat(told).isOne();
            assertThat(outbox.listForUser(grace.id(), null, 10)).singleElement()
                    .satisfies(notice -> assertThat(notice.notice().fields()).containsEntry("held_back", "0"));
        }
    }

    private NewAlert alert(User user, String key) {
        return new NewAlert(user.id(), 5L, AlertRule.NEW_IP, clock.instant(), "203.0.113.9", null, "the message " + key,
                Map.of("token_name", "ci"), key);
    }
}
