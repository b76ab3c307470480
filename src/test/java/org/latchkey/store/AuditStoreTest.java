package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.latchkey.audit.AuditEvent;
import org.latchkey.audit.AuditQuery;

class AuditStoreTest {

    @EachEngine
    void append_assignsAnId_andKeepsEveryField(Database db) {
        AuditEvent event = new AuditEvent(0, T0, 7L, "octocat", "token.create", 42L, "203.0.113.9", "curl/8.5",
                Map.of("name", "ci", "scopes", "repo, workflow"));

        AuditEvent stored = db.audit().append(event);

        assertThat(stored.id()).isPositive();
        assertThat(stored).isEqualTo(new AuditEvent(stored.id(), T0, 7L, "octocat", "token.create", 42L,
                "203.0.113.9", "curl/8.5", Map.of("name", "ci", "scopes", "repo, workflow")));
    }

    @EachEngine
    void append_keepsNullsAndEmptyDetails(Database db) {
        AuditEvent stored = db.audit().append(new AuditEvent(0, T0, null, null, "login.failed", null, null, null, Map.of()));

        assertThat(stored.userId()).isNull();
        assertThat(stored.tokenId()).isNull();
        assertThat(stored.actor()).isNull();
        assertThat(stored.details()).isEmpty();
    }

    @EachEngine
    void listForUser_pagesNewestFirst_withBeforeId(Database db) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(db.audit().append(event(1L, "a" + i)).id());
            db.audit().append(event(2L, "other" + i));
        }

        List<AuditEvent> first = db.audit().listForUser(1, null, 3);
        List<AuditEvent> second = db.audit().listForUser(1, first.get(2).id(), 3);
        List<AuditEvent> last = db.audit().listForUser(1, second.get(2).id(), 3);

        assertThat(first).extracting(AuditEvent::action).containsExactly("a6", "a5", "a4");
        assertThat(second).extracting(AuditEvent::action).containsExactly("a3", "a2", "a1");
        assertThat(last).extracting(AuditEvent::id).containsExactly(ids.get(0));
        assertThat(db.audit().listForUser(1, ids.get(0), 3)).isEmpty();
        assertThat(db.audit().listForUser(3, null, 3)).isEmpty();
        assertThat(db.audit().listForUser(1, null, 0)).isEmpty();
    }

    @EachEngine
    void page_filtersByAction_token_andTimeRange_andPagesWithinTheFilter(Database db) {
        for (int i = 0; i < 6; i++) {
            Instant at = T0.plus(Duration.ofDays(i));
            db.audit().append(new AuditEvent(0, at, 1L, "octocat", i % 2 == 0 ? "token.created" : "token.revoked",
                    (long) (i % 3), null, null, Map.of("i", Integer.toString(i))));
            db.audit().append(new AuditEvent(0, at, 2L, "other", "token.created", (long) (i % 3), null, null, Map.of()));
        }

        List<AuditEvent> created = db.audit().page(new AuditQuery(1, null, 2, "token.created", null, null, null));
        List<AuditEvent> olderCreated = db.audit().page(new AuditQuery(1, created.get(1).id(), 2, "token.created", null,
                null, null));
        List<AuditEvent> tokenOne = db.audit().page(new AuditQuery(1, null, 10, null, 1L, null, null));
        List<AuditEvent> days = db.audit().page(new AuditQuery(1, null, 10, null, null, T0.plus(Duration.ofDays(2)),
                T0.plus(Duration.ofDays(4))));

        assertThat(created).extracting(e -> e.details().get("i")).containsExactly("4", "2");
        assertThat(olderCreated).extracting(e -> e.details().get("i")).containsExactly("0");
        assertThat(tokenOne).extracting(e -> e.details().get("i")).containsExactly("4", "1");
        assertThat(days).extracting(e -> e.details().get("i")).containsExactly("3", "2");
        assertThat(db.audit().page(AuditQuery.page(1, null, 3))).hasSize(3).allMatch(e -> e.userId() == 1L);
        assertThat(db.audit().page(AuditQuery.page(1, null, 0))).isEmpty();
    }

    @EachEngine
    void page_leavesHiddenActionsOut_andPagesPastThem(Database db) {
        for (int i = 0; i < 5; i++) {
            db.audit().append(new AuditEvent(0, T0.plusSeconds(i), 1L, "octocat", "session.created", null, null, null,
                    Map.of()));
            db.audit().append(new AuditEvent(0, T0.plusSeconds(i), 1L, "octocat", i % 2 == 0 ? "repo.created" : "session.ended",
                    null, null, null, Map.of("i", Integer.toString(i))));
        }

        List<AuditEvent> first = db.audit().page(new AuditQuery(1, null, 2, null, null, null, null,
                Set.of("session.created", "session.ended")));
        List<AuditEvent> next = db.audit().page(new AuditQuery(1, first.get(1).id(), 2, null, null, null, null,
                Set.of("session.created", "session.ended")));
        List<AuditEvent> oneHidden = db.audit().page(new AuditQuery(1, null, 10, null, null, null, null,
                Set.of("session.created")));

        assertThat(first).extracting(e -> e.details().get("i")).containsExactly("4", "2");
        assertThat(next).extracting(e -> e.details().get("i")).containsExactly("0");
        assertThat(oneHidden).hasSize(5).extracting(AuditEvent::action).doesNotContain("session.created");
    }

    private static AuditEvent event(Long userId, String action) {
        return new AuditEvent(0, T0, userId, "octocat", action, null, "198.51.100.1", "ua", Map.of("k", "v"));
    }
}
