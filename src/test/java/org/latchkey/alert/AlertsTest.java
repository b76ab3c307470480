package org.latchkey.alert;

import org.latchkey.notice.Notice;
import org.latchkey.notice.NoticeOutbox;
import org.latchkey.notice.Pruned;
import org.latchkey.notice.StoredNotice;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.latchkey.MutableClock;
import org.latchkey.Refusal;
import org.latchkey.account.NewUser;
import org.latchkey.account.User;
import org.latchkey.audit.AuditEvent;
import org.latchkey.audit.AuditLog;
import org.latchkey.store.Database;
import org.latchkey.store.TestDatabases;

class AlertsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final TestDatabases.Fresh fresh = TestDatabases.freshH2();
    private final Database db = fresh.database();
    private final NoticeOutbox outbox = new NoticeOutbox(db.notices(), clock);
    private final AuditLog audit = new AuditLog(db.audit(), clock);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Alerts alerts = new Alerts(db.alerts(), outbox, audit, new AlertLimits(2, 10, Duration.ofHours(1)), registry,
            clock);
    private final User grace = db.users().insert(new NewUser("grace", "g@example.org", false, "$argon2id$x", clock.instant()))
            .orElseThrow();

    @AfterEach
    void close() throws Exception {
        fresh.close();
    }

    @Test
    void raise_listsTheAlert_auditsIt_countsIt_andTellsTheOwner() {
        SecurityAlert alert = alerts.raise(alert("k1", "203.0.113.9")).orElseThrow();

        assertThat(alerts.page(grace.id(), null, 10)).containsExactly(alert);
        AuditEvent event = audit.page(grace.id(), null, 10).get(0);
        assertThat(event.action()).isEqualTo("security.alert");
        assertThat(event.tokenId()).isEqualTo(5L);
        assertThat(event.ip()).isEqualTo("203.0.113.9");
        assertThat(event.details()).containsEntry("rule", "new_ip").containsEntry("alert_id", Long.toString(alert.id()))
                .containsEntry("notified", "true");
        List<StoredNotice> notices = outbox.listForUser(grace.id(), null, 10);
        assertThat(notices).hasSize(1);
        Notice notice = notices.get(0).notice();
        assertThat(notice.event()).isEqualTo("alert.new_ip");
        assertThat(notice.key()).isEqualTo("security_alert:" + alert.id());
        assertThat(notice.subject()).isEqualTo("Security alert: A token was used from a new address");
        assertThat(notice.text()).startsWith("the message k1\n\n").contains("latchkey alerts").doesNotContain("more alert");
        assertThat(notice.fields()).containsEntry("alert_id", Long.toString(alert.id())).containsEntry("rule", "new_ip")
                .containsEntry("token_id", "5").containsEntry("token_name", "ci").containsEntry("ip", "203.0.113.9")
                .containsEntry("held_back", "0");
        assertThat(counter("new_ip", "notified")).isEqualTo(1);
    }

    @Test
    void raise_sameKeyAgain_doesNothing() {
        alerts.raise(alert("k1", "203.0.113.9"));

        Optional<SecurityAlert> again = alerts.raise(alert("k1", "203.0.113.9"));

        assertThat(again).isEmpty();
        assertThat(alerts.page(grace.id(), null, 10)).hasSize(1);
        assertThat(outbox.listForUser(grace.id(), null, 10)).hasSize(1);
        assertThat(counter("new_ip", "notified")).isEqualTo(1);
    }

    @Test
    void beyondTheLimit_alertsAreListedAndCountedButNotTold_andTheNextNoticeSaysHowManyMore() {
        for (int i = 0; i < 14; i++) {
            alerts.raise(alert("k" + i, "203.0.113." + i));
            clock.advance(Duration.ofMinutes(1));
        }
        clock.advance(Duration.ofHours(1));

        SecurityAlert next = alerts.raise(alert("k99", "203.0.113.99")).orElseThrow();

        assertThat(alerts.page(grace.id(), null, 100)).hasSize(15);
        assertThat(counter("new_ip", "notified")).isEqualTo(3);
        assertThat(counter("new_ip", "suppressed")).isEqualTo(12);
        List<StoredNotice> notices = outbox.listForUser(grace.id(), null, 10);
        assertThat(notices).hasSize(3);
        assertThat(notices.get(0).notice().key()).isEqualTo("security_alert:" + next.id());
        assertThat(notices.get(0).notice().text()).contains("And 12 more alerts since the last one you were told of");
        assertThat(notices.get(0).notice().fields()).containsEntry("held_back", "12");
    }

    @Test
    void raise_neverThrows_whenTheAlertCannotBeStored() {
        Alerts broken = new Alerts(new SecurityAlertStore() {
            @Override
            public Optional<Raised> add(NewAlert alert, AlertLimits limits) {
                throw new IllegalStateException("database down");
            }

            @Override
            public List<SecurityAlert> listForUser(long userId, Long beforeId, int limit) {
                return List.of();
            }

            @Override
            public List<SecurityAlert> toldWithoutNotice(Instant since, Instant before, int limit) {
                return List.of();
            }

            @Override
            public Optional<SecurityAlert> acknowledge(long userId, long id, Instant at) {
                return Optional.empty();
            }

            @Override
            public Pruned pruneBefore(Instant cutoff) {
                return Pruned.NONE;
            }
        }, outbox, audit, AlertLimits.DEFAULT, registry, clock);

        assertThat(broken.raise(alert("k1", "203.0.113.9"))).isEmpty();
    }

    @Test
    void acknowledge_anotherUsersOrUnknownAlert_isNotFound() {
        User linus = db.users().insert(new NewUser("linus", "l@example.org", false, "$argon2id$x", clock.instant()))
                .orElseThrow();
        SecurityAlert alert = alerts.raise(alert("k1", "203.0.113.9")).orElseThrow();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> alerts.acknowledge(linus.id(), alert.id(), clock.instant()))
                .isInstanceOfSatisfying(Refusal.class, refused -> assertThat(refused.kind()).isEqualTo(Refusal.Kind.NOT_FOUND));
        assertThat(alerts.acknowledge(grace.id(), alert.id(), clock.instant()).acknowledgedAt()).isEqualTo(clock.instant());
    }

    private NewAlert alert(String key, String ip) {
        return new NewAlert(grace.id(), 5L, AlertRule.NEW_IP, clock.instant(), ip, null, "the message " + key,
                Map.of("token_name", "ci"), key);
    }

    private double counter(String rule, String notice) {
        return registry.get("latchkey.security.alerts").tag("rule", rule).tag("notice", notice).counter().count();
    }
}
