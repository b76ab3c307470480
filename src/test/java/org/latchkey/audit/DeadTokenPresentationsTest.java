package org.latchkey.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.latchkey.MutableClock;
import org.latchkey.audit.DeadTokenPresentations.Presentation;
import org.latchkey.store.Database;
import org.latchkey.store.EachEngine;

/**
 * Dead-token presentations coalesced into the audit log, on each engine: the first of each
 * address and outcome written at once, the repeats once their window has closed (or the log is
 * closed) with their count and first and last times, the ceiling's overflow counted without an
 * address, and the hash chain intact throughout.
 */
class DeadTokenPresentationsTest {

    private static final Instant HOUR = Instant.parse("2026-03-01T10:00:00Z");
    private static final Origin A = new Origin("203.0.113.1", "ci/1.0");
    private static final Origin B = new Origin("203.0.113.2", "curl/8.5.0");

    private final MutableClock clock = new MutableClock(HOUR.plusSeconds(5));

    @EachEngine
    void the_first_of_each_address_and_outcome_is_written_at_once_and_the_repeats_when_the_hour_closes(Database db) {
        AuditLog audit = new AuditLog(db.audit(), clock);
        try (DeadTokenPresentations presentations = new DeadTokenPresentations(audit, clock)) {
            List<Presentation> seen = List.of(
                    presentations.presented(AuditAction.REVOKED_TOKEN_USED, 7, 70, A),
                    presented(presentations, Duration.ofMinutes(10), A),
                    presented(presentations, Duration.ofMinutes(10), new Origin(A.ip(), "ci/2.0")),
                    presented(presentations, Duration.ofSeconds(1), B));
            presentations.flush();

            assertThat(seen).extracting(Presentation::firstOfAddress).containsExactly(true, false, false, true);
            assertThat(events(audit)).extracting(AuditEvent::ip, AuditEvent::details).containsExactly(
                    entry(B.ip(), 1, HOUR.plusSeconds(5 + 1201), HOUR.plusSeconds(5 + 1201)),
                    entry(A.ip(), 1, HOUR.plusSeconds(5), HOUR.plusSeconds(5)));

            clock.advance(Duration.ofMinutes(40));
            presentations.flush();
            List<AuditEvent> events = events(audit);

            assertThat(events).hasSize(3);
            assertThat(events.get(0)).extracting(AuditEvent::action, AuditEvent::ip, AuditEvent::userAgent,
                    AuditEvent::tokenId, AuditEvent::details).containsExactly("token.revoked_token_used", A.ip(), "ci/2.0",
                    70L, Map.of("count", "2", "first_at", HOUR.plusSeconds(605).toString(),
                            "last_at", HOUR.plusSeconds(1205).toString()));
            assertThat(audit.verifyChain().intact()).isTrue();
        }
    }

    @EachEngine
    void past_the_ceiling_further_addresses_are_only_counted_into_one_event_without_an_address(Database db) {
        AuditLog audit = new AuditLog(db.audit(), clock);
        try (DeadTokenPresentations presentations = new DeadTokenPresentations(audit, clock, Duration.ofHours(1), 3)) {
            for (int i = 1; i <= 10; i++) {
                presentations.presented(AuditAction.EXPIRED_TOKEN_USED, 7, 70, new Origin("198.51.100." + i, null));
                clock.advance(Duration.ofSeconds(1));
            }
            Presentation beyond = presentations.presented(AuditAction.EXPIRED_TOKEN_USED, 7, 70, A);
            Presentation otherToken = presentations.presented(AuditAction.EXPIRED_TOKEN_USED, 7, 71, A);
            assertThat(events(audit)).hasSize(4);

            clock.advance(Duration.ofHours(1));
            presentations.flush();
            AuditEvent overflow = events(audit).get(0);

            assertThat(beyond).isEqualTo(new Presentation(false, false));
            assertThat(otherToken).isEqualTo(new Presentation(true, true));
            assertThat(overflow.ip()).isNull();
            assertThat(overflow.tokenId()).isEqualTo(70L);
            assertThat(overflow.details()).containsEntry("count", "8").containsEntry("beyond_ceiling", "3")
                    .containsEntry("first_at", HOUR.plusSeconds(8).toString())
                    .containsEntry("last_at", HOUR.plusSeconds(15).toString());
            assertThat(events(audit)).hasSize(5);
        }
    }

    @EachEngine
    void closing_writes_the_open_window_and_a_new_window_starts_with_a_first_again(Database db) {
        AuditLog audit = new AuditLog(db.audit(), clock);
        DeadTokenPresentations presentations = new DeadTokenPresentations(audit, clock);
        for (int i = 0; i < 5; i++) {
            presentations.presented(AuditAction.SUSPENDED_TOKEN_USED, 7, 70, A);
        }
        presentations.close();
        clock.advance(Duration.ofHours(1));
        try (DeadTokenPresentations next = new DeadTokenPresentations(audit, clock)) {
            assertThat(next.presented(AuditAction.SUSPENDED_TOKEN_USED, 7, 70, A).firstOfAddress()).isTrue();
        }

        assertThat(events(audit)).extracting(event -> event.details().get("count")).containsExactly("1", "4", "1");
        assertThat(audit.verifyChain().intact()).isTrue();
    }

    private Presentation presented(DeadTokenPresentations presentations, Duration later, Origin origin) {
        clock.advance(later);
        return presentations.presented(AuditAction.REVOKED_TOKEN_USED, 7, 70, origin);
    }

    private static List<AuditEvent> events(AuditLog audit) {
        return audit.page(7, null, 100);
    }

    private static org.assertj.core.groups.Tuple entry(String ip, int count, Instant first, Instant last) {
        return org.assertj.core.groups.Tuple.tuple(ip, Map.of("count", Integer.toString(count), "first_at", first.toString(),
                "last_at", last.toString()));
    }
}
