package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.latchkey.audit.AuditChainCheck;
import org.latchkey.audit.AuditEvent;
import org.latchkey.audit.ChainVerdict;

class AuditChainTest {

    @EachEngine
    void appendsFromManyThreads_formOneIntactChain(Database db) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<AuditEvent>> appends = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                appends.add(pool.submit(() -> db.audit().append(event(n))));
            }
            for (Future<AuditEvent> append : appends) {
                append.get();
            }
        } finally {
            pool.shutdown();
        }

        ChainVerdict verdict = new AuditChainCheck(db.audit()).run();

        assertThat(verdict.intact()).as(verdict.toString()).isTrue();
        assertThat(verdict.checked()).isEqualTo(40);
    }

    @EachEngine
    void anEmptyLog_isIntact(Database db) {
        assertThat(new AuditChainCheck(db.audit()).run()).isEqualTo(new ChainVerdict(0, 0, null, null));
    }

    @EachEngine
    void aChangedEvent_breaksTheChainAtThatEvent(Database db) throws SQLException {
        List<AuditEvent> events = appendFive(db);

        execute(db, "UPDATE audit_events SET ip = '198.51.100.66' WHERE id = " + events.get(2).id());

        ChainVerdict verdict = new AuditChainCheck(db.audit()).run();
        assertThat(verdict.firstBrokenEventId()).isEqualTo(events.get(2).id());
        assertThat(verdict.problem()).contains("changed");
        assertThat(verdict.checked()).isEqualTo(2);
    }

    @EachEngine
    void aRemovedEvent_breaksTheChainAtTheNextOne(Database db) throws SQLException {
        List<AuditEvent> events = appendFive(db);

        execute(db, "DELETE FROM audit_events WHERE id = " + events.get(1).id());

        ChainVerdict verdict = new AuditChainCheck(db.audit()).run();
        assertThat(verdict.firstBrokenEventId()).isEqualTo(events.get(2).id());
        assertThat(verdict.problem()).contains("removed or reordered");
    }

    @EachEngine
    void removingTheNewestEvents_isSeenAtTheHead(Database db) throws SQLException {
        List<AuditEvent> events = appendFive(db);

        execute(db, "DELETE FROM audit_events WHERE id >= " + events.get(3).id());

        ChainVerdict verdict = new AuditChainCheck(db.audit()).run();
        assertThat(verdict.intact()).isFalse();
        assertThat(verdict.checked()).isEqualTo(3);
        assertThat(verdict.problem()).contains("newest events were removed");
    }

    @EachEngine
    void eventsFromBeforeTheChain_areCountedAsUnchained(Database db) throws SQLException {
        execute(db, "INSERT INTO audit_events (at, user_id, actor, action, details)"
                + " VALUES (TIMESTAMP WITH TIME ZONE '2025-01-01 00:00:00+00', 1, 'old', 'login', '{}')");
        appendFive(db);

        ChainVerdict verdict = new AuditChainCheck(db.audit()).run();

        assertThat(verdict).isEqualTo(new ChainVerdict(5, 1, null, null));
    }

    private static List<AuditEvent> appendFive(Database db) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(db.audit().append(event(i)));
        }
        return events;
    }

    private static AuditEvent event(int n) {
        return new AuditEvent(0, T0.plus(Duration.ofSeconds(n)), 7L, "octocat", "token.create", (long) n,
                "203.0.113." + n, "curl/8.5", Map.of("name", "token " + n, "scopes", "repo"));
    }

    private static void execute(Database db, String sql) throws SQLException {
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
