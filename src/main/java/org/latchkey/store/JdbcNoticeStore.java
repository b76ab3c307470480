package org.latchkey.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.latchkey.notice.Notice;
import org.latchkey.notice.NoticeStore;
import org.latchkey.notice.Pruned;
import org.latchkey.notice.StoredNotice;

/** Notices in the {@code notices} table; the unique {@code dedupe_key} makes adding idempotent. */
final class JdbcNoticeStore implements NoticeStore {

    static final String COLUMNS = "id, user_id, event, dedupe_key, subject, body, fields, created_at";

    private static final int PRUNE_BATCH = 500;

    private final Transactions transactions;

    JdbcNoticeStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<StoredNotice> add(Notice notice, Instant at) {
        String fields = StringMaps.toJson(notice.fields());
        return transactions.inTransaction("notices.add", connection -> {
            int added = Sql.update(connection,
                    "INSERT INTO notices (user_id, event, dedupe_key, subject, body, fields, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    notice.userId(), notice.event(), notice.key(), notice.subject(), notice.text(), fields, at);
            return added == 0 ? Optional.empty()
                    : Sql.one(connection, "SELECT " + COLUMNS + " FROM notices WHERE dedupe_key = ?",
                            JdbcNoticeStore::notice, notice.key());
        });
    }

    @Override
    public List<StoredNotice> listForUser(long userId, Long beforeId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return transactions.read("notices.listForUser", connection -> beforeId == null
                ? Sql.list(connection, "SELECT " + COLUMNS + " FROM notices WHERE user_id = ? ORDER BY id DESC LIMIT ?",
                        JdbcNoticeStore::notice, userId, limit)
                : Sql.list(connection, "SELECT " + COLUMNS + " FROM notices WHERE user_id = ? AND id < ?"
                        + " ORDER BY id DESC LIMIT ?", JdbcNoticeStore::notice, userId, beforeId, limit));
    }

    @Override
    public List<StoredNotice> listAfter(long afterId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return transactions.read("notices.listAfter", connection -> Sql.list(connection,
                "SELECT " + COLUMNS + " FROM notices WHERE id > ? ORDER BY id LIMIT ?",
                JdbcNoticeStore::notice, afterId, limit));
    }

    @Override
    public Pruned pruneTold(Collection<String> events, Instant toldBefore) {
        if (events.isEmpty()) {
            return Pruned.NONE;
        }
        String prunable = "SELECT n.id FROM notices n JOIN notice_fanouts f ON f.notice_id = n.id WHERE n.created_at < ?"
                + " AND n.event IN (" + String.join(", ", Collections.nCopies(events.size(), "?")) + ")"
                + " AND NOT EXISTS (SELECT 1 FROM notice_deliveries d WHERE d.notice_id = n.id) ORDER BY n.id LIMIT "
                + PRUNE_BATCH;
        List<Object> params = new ArrayList<>();
        params.add(toldBefore);
        params.addAll(events);
        int pruned = 0;
        int batch;
        do {
            batch = transactions.inTransaction("notices.prune", connection -> {
                List<Object[]> ids = Sql.list(connection, prunable, row -> new Object[] {row.getLong("id")},
                        params.toArray());
                Sql.batch(connection, "DELETE FROM notice_fanouts WHERE notice_id = ?", ids);
                Sql.batch(connection, "DELETE FROM notices WHERE id = ?", ids);
                return ids.size();
            });
            pruned += batch;
        } while (batch == PRUNE_BATCH);
        return Pruned.of(Pruned.Table.NOTICES, pruned).plus(Pruned.of(Pruned.Table.NOTICE_FANOUTS, pruned));
    }

    static StoredNotice notice(ResultSet row) throws SQLException {
        return new StoredNotice(row.getLong("id"),
                new Notice(row.getLong("user_id"), row.getString("event"), row.getString("dedupe_key"),
                        row.getString("subject"), row.getString("body"), StringMaps.fromJson(row.getString("fields"))),
                Sql.instant(row, "created_at"));
    }
}
