package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.latchkey.audit.AuditEvent;

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

    private static AuditEvent event(Long userId, String action) {
        return new AuditEvent(0, T0, userId, "octocat", action, null, "198.51.100.1", "ua", Map.of("k", "v"));
    }
}
