package org.latchkey.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.latchkey.notice.Attempt;
import org.latchkey.notice.Channel;
import org.latchkey.notice.Delivery;
import org.latchkey.notice.DeliveryLogEntry;
import org.latchkey.notice.DeliveryState;
import org.latchkey.notice.DeliveryStore;
import org.latchkey.notice.NewDelivery;
import org.latchkey.notice.Pruned;
import org.latchkey.notice.StoredNotice;

/**
 * Deliveries in {@code notice_deliveries}, their attempts in {@code notice_delivery_attempts}, and
 * which notices were fanned out in {@code notice_fanouts}. Claims and outcomes are conditional
 * updates, so dispatchers on several nodes never send one delivery at once nor record a stale outcome.
 */
final class JdbcDeliveryStore implements DeliveryStore {

    private static final String DUE = "(state = 'PENDING' AND next_attempt_at <= ?) OR (state = 'SENDING' AND lease_until <= ?)";
    private static final String LAPSED = "interrupted: the node sending it stopped before recording how it went";

    private final Transactions transactions;

    JdbcDeliveryStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public List<StoredNotice> notFannedOut(int limit) {
        return transactions.read("deliveries.notFannedOut", connection -> Sql.list(connection,
                "SELECT " + JdbcNoticeStore.COLUMNS + " FROM notices WHERE NOT EXISTS"
                        + " (SELECT 1 FROM notice_fanouts f WHERE f.notice_id = notices.id) ORDER BY id LIMIT ?",
                JdbcNoticeStore::notice, limit));
    }

    @Override
    public boolean fanOut(long noticeId, List<NewDelivery> deliveries, Instant at) {
        return transactions.inTransaction("deliveries.fanOut", connection -> {
            if (Sql.update(connection, "INSERT INTO notice_fanouts (notice_id, at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    noticeId, at) == 0) {
                return false;
            }
            for (NewDelivery delivery : deliveries) {
                insert(connection, delivery, at);
            }
            return true;
        });
    }

    @Override
    public long add(NewDelivery delivery, Instant at) {
        return transactions.inTransaction("deliveries.add", connection -> insert(connection, delivery, at));
    }

    private static long insert(Connection connection, NewDelivery d, Instant at) throws SQLException {
        return Sql.insert(connection, "INSERT INTO notice_deliveries (notice_id, user_id, event, channel, hook_id, target,"
                        + " state, attempts, max_attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                d.noticeId(), d.userId(), d.event(), d.channel(), d.hookId(), d.target(), DeliveryState.PENDING,
                d.maxAttempts(), d.dueAt(), at);
    }

    @Override
    public List<Long> due(Instant now, int limit) {
        return transactions.read("deliveries.due", connection -> Sql.list(connection,
                "SELECT id FROM notice_deliveries WHERE " + DUE + " ORDER BY next_attempt_at, id LIMIT ?",
                row -> row.getLong("id"), now, now, limit));
    }

    @Override
    public Optional<Delivery> claim(long id, Instant now, Instant leaseUntil) {
        return transactions.inTransaction("deliveries.claim", connection -> {
            Optional<Lapsed> lapsed = Sql.one(connection, "SELECT attempts, lease_until FROM notice_deliveries"
                            + " WHERE id = ? AND state = 'SENDING' AND lease_until <= ? FOR UPDATE",
                    row -> new Lapsed(row.getInt("attempts"), Sql.instant(row, "lease_until")), id, now);
            if (Sql.update(connection, "UPDATE notice_deliveries SET state = 'SENDING', attempts = attempts + 1,"
                    + " lease_until = ? WHERE id = ? AND (" + DUE + ")", leaseUntil, id, now, now) == 0) {
                return Optional.empty();
            }
            if (lapsed.isPresent()) {
                logAttempt(connection, id, new Attempt(lapsed.get().attempts(), lapsed.get().leaseUntil(), null, LAPSED, 0));
            }
            return Optional.of(load(connection, id));
        });
    }

    private record Lapsed(int attempts, Instant leaseUntil) {
    }

    private static Delivery load(Connection connection, long id) throws SQLException {
        Loaded loaded = Sql.one(connection, "SELECT d.id, d.channel, d.user_id, d.event, d.attempts, d.max_attempts,"
                + " d.notice_id, d.hook_id, h.url, h.secret_sealed, h.deleted_at, u.email FROM notice_deliveries d"
                + " JOIN users u ON u.id = d.user_id LEFT JOIN hooks h ON h.id = d.hook_id WHERE d.id = ?",
                JdbcDeliveryStore::loaded, id).orElseThrow();
        StoredNotice notice = loaded.noticeId() == null ? null : Sql.one(connection, "SELECT " + JdbcNoticeStore.COLUMNS
                + " FROM notices WHERE id = ?", JdbcNoticeStore::notice, loaded.noticeId()).orElseThrow();
        Delivery row = loaded.delivery();
        return new Delivery(row.id(), row.channel(), row.userId(), row.event(), row.attempt(), row.maxAttempts(), notice,
                row.hookId(), row.hookUrl(), row.hookSealedSecret(), row.hookDeleted(), row.email());
    }

    /** A delivery's row, its notice still to be read. */
    private record Loaded(Delivery delivery, Long noticeId) {
    }

    private static Loaded loaded(ResultSet row) throws SQLException {
        return new Loaded(new Delivery(row.getLong("id"), Channel.valueOf(row.getString("channel")), row.getLong("user_id"),
                row.getString("event"), row.getInt("attempts"), row.getInt("max_attempts"), null,
                Sql.nullableLong(row, "hook_id"), row.getString("url"), row.getString("secret_sealed"),
                Sql.instant(row, "deleted_at") != null, row.getString("email")), Sql.nullableLong(row, "notice_id"));
    }

    @Override
    public boolean finish(long id, Attempt attempt, DeliveryState state, Instant nextAttemptAt) {
        boolean done = state != DeliveryState.PENDING;
        return transactions.inTransaction("deliveries.finish", connection -> {
            int updated = Sql.update(connection, "UPDATE notice_deliveries SET state = ?, lease_until = NULL,"
                            + " next_attempt_at = ?, finished_at = ? WHERE id = ? AND state = 'SENDING' AND attempts = ?",
                    state, nextAttemptAt == null ? attempt.at() : nextAttemptAt, done ? attempt.at() : null, id,
                    attempt.attempt());
            if (updated == 0) {
                return false;
            }
            logAttempt(connection, id, attempt);
            return true;
        });
    }

    private static void logAttempt(Connection connection, long id, Attempt attempt) throws SQLException {
        String error = attempt.error() == null || attempt.error().length() <= 500 ? attempt.error()
                : attempt.error().substring(0, 500);
        Sql.update(connection, "INSERT INTO notice_delivery_attempts (delivery_id, attempt, at, status_code, error,"
                + " duration_ms) VALUES (?, ?, ?, ?, ?, ?)", id, attempt.attempt(), attempt.at(), attempt.statusCode(),
                error, attempt.durationMillis());
    }

    @Override
    public List<DeliveryLogEntry> logForHook(long hookId, Long beforeId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        String select = "SELECT a.id, a.delivery_id, a.attempt, a.at, a.status_code, a.error, a.duration_ms, d.notice_id,"
                + " d.event, d.state, d.next_attempt_at FROM notice_delivery_attempts a"
                + " JOIN notice_deliveries d ON d.id = a.delivery_id WHERE d.hook_id = ?";
        return transactions.read("deliveries.logForHook", connection -> beforeId == null
                ? Sql.list(connection, select + " ORDER BY a.id DESC LIMIT ?", JdbcDeliveryStore::logEntry, hookId, limit)
                : Sql.list(connection, select + " AND a.id < ? ORDER BY a.id DESC LIMIT ?", JdbcDeliveryStore::logEntry,
                        hookId, beforeId, limit));
    }

    private static DeliveryLogEntry logEntry(ResultSet row) throws SQLException {
        DeliveryState state = DeliveryState.valueOf(row.getString("state"));
        Integer status = row.getInt("status_code");
        if (row.wasNull()) {
            status = null;
        }
        return new DeliveryLogEntry(row.getLong("id"), row.getLong("delivery_id"), Sql.nullableLong(row, "notice_id"),
                row.getString("event"), new Attempt(row.getInt("attempt"), Sql.instant(row, "at"), status,
                        row.getString("error"), row.getLong("duration_ms")),
                state, state == DeliveryState.PENDING ? Sql.instant(row, "next_attempt_at") : null);
    }

    @Override
    public long pendingCount() {
        return transactions.read("deliveries.pendingCount", connection -> Sql.one(connection,
                "SELECT count(*) AS n FROM notice_deliveries WHERE state IN ('PENDING', 'SENDING')",
                row -> row.getLong("n")).orElse(0L));
    }

    @Override
    public Pruned pruneFinishedBefore(Instant cutoff) {
        String finished = "SELECT id FROM notice_deliveries WHERE state IN ('DELIVERED', 'FAILED', 'CANCELLED')"
                + " AND finished_at < ?";
        return transactions.inTransaction("deliveries.prune", connection -> {
            int attempts = Sql.update(connection, "DELETE FROM notice_delivery_attempts WHERE delivery_id IN ("
                    + finished + ")", cutoff);
            int deliveries = Sql.update(connection, "DELETE FROM notice_deliveries WHERE id IN (" + finished + ")", cutoff);
            return Pruned.of(Pruned.Table.NOTICE_DELIVERY_ATTEMPTS, attempts)
                    .plus(Pruned.of(Pruned.Table.NOTICE_DELIVERIES, deliveries));
        });
    }
}
