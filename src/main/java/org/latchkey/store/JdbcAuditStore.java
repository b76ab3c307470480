package org.latchkey.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.latchkey.audit.AuditChain;
import org.latchkey.audit.AuditEvent;
import org.latchkey.audit.AuditQuery;
import org.latchkey.audit.AuditStore;
import org.latchkey.audit.ChainedEvent;

/**
 * Audit events in the {@code audit_events} table, their details as a JSON object of strings. Each
 * append locks the one {@code audit_chain_head} row, so appends from every node form one chain.
 */
final class JdbcAuditStore implements AuditStore {

    private static final String COLUMNS = "id, at, user_id, actor, action, token_id, ip, user_agent, details";

    private final Transactions transactions;

    JdbcAuditStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public AuditEvent append(AuditEvent event) {
        String details = StringMaps.toJson(event.details());
        return transactions.inTransaction("audit.append", connection -> {
            byte[] previous = Sql.one(connection, "SELECT last_link FROM audit_chain_head WHERE id = 1 FOR UPDATE",
                    row -> new byte[][] {row.getBytes("last_link")}).orElseThrow()[0];
            long id = Sql.insert(connection,
                    "INSERT INTO audit_events (at, user_id, actor, action, token_id, ip, user_agent, details)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    event.at(), event.userId(), event.actor(), event.action(), event.tokenId(), event.ip(),
                    event.userAgent(), details);
            AuditEvent stored = Sql.one(connection, "SELECT " + COLUMNS + " FROM audit_events WHERE id = ?",
                    JdbcAuditStore::event, id).orElseThrow();
            byte[] link = AuditChain.link(previous, stored);
            Sql.update(connection, "UPDATE audit_events SET previous_link = ?, link = ? WHERE id = ?", previous, link, id);
            Sql.update(connection, "UPDATE audit_chain_head SET last_link = ? WHERE id = 1", link);
            return stored;
        });
    }

    @Override
    public List<ChainedEvent> chainAfter(long afterId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return transactions.read("audit.chainAfter", connection -> Sql.list(connection,
                "SELECT " + COLUMNS + ", previous_link, link FROM audit_events WHERE id > ? ORDER BY id LIMIT ?",
                row -> new ChainedEvent(event(row), row.getBytes("previous_link"), row.getBytes("link")), afterId, limit));
    }

    @Override
    public byte[] headLink() {
        return transactions.read("audit.headLink", connection -> Sql.one(connection,
                "SELECT last_link FROM audit_chain_head WHERE id = 1", row -> new byte[][] {row.getBytes("last_link")})
                .orElseThrow()[0]);
    }

    @Override
    public List<AuditEvent> page(AuditQuery query) {
        if (query.limit() <= 0) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_events WHERE user_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(query.userId());
        if (query.beforeId() != null) {
            sql.append(" AND id < ?");
            params.add(query.beforeId());
        }
        if (query.action() != null) {
            sql.append(" AND action = ?");
            params.add(query.action());
        }
        if (query.tokenId() != null) {
            sql.append(" AND token_id = ?");
            params.add(query.tokenId());
        }
        for (String hidden : query.hiddenActions().stream().sorted().toList()) {
            sql.append(" AND action <> ?");
            params.add(hidden);
        }
        if (query.since() != null) {
            sql.append(" AND at >= ?");
            params.add(query.since());
        }
        if (query.until() != null) {
            sql.append(" AND at < ?");
            params.add(query.until());
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(query.limit());
        return transactions.read("audit.page", connection ->
                Sql.list(connection, sql.toString(), JdbcAuditStore::event, params.toArray()));
    }

    private static AuditEvent event(ResultSet row) throws SQLException {
        return new AuditEvent(row.getLong("id"), Sql.instant(row, "at"), Sql.nullableLong(row, "user_id"),
                row.getString("actor"), row.getString("action"), Sql.nullableLong(row, "token_id"),
                row.getString("ip"), row.getString("user_agent"), StringMaps.fromJson(row.getString("details")));
    }
}
