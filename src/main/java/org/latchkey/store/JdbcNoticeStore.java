package org.latchkey.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.latchkey.alert.Notice;
import org.latchkey.alert.NoticeStore;
import org.latchkey.alert.StoredNotice;

/** Notices in the {@code notices} table; the unique {@code dedupe_key} makes adding idempotent. */
final class JdbcNoticeStore implements NoticeStore {

    private static final String COLUMNS = "id, user_id, event, dedupe_key, subject, body, fields, created_at";

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

    private static StoredNotice notice(ResultSet row) throws SQLException {
        return new StoredNotice(row.getLong("id"),
                new Notice(row.getLong("user_id"), row.getString("event"), row.getString("dedupe_key"),
                        row.getString("subject"), row.getString("body"), StringMaps.fromJson(row.getString("fields"))),
                Sql.instant(row, "created_at"));
    }
}
