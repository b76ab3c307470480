package org.latchkey.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.latchkey.audit.AuditEvent;
import org.latchkey.audit.AuditQuery;
import org.latchkey.audit.AuditStore;

/** Audit events in the {@code audit_events} table, their details as a JSON object of strings. */
final class JdbcAuditStore implements AuditStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, at, user_id, actor, action, token_id, ip, user_agent, details";

    private final Transactions transactions;

    JdbcAuditStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public AuditEvent append(AuditEvent event) {
        String details = toJson(event.details());
        return transactions.inTransaction("audit.append", connection -> {
            long id = Sql.insert(connection,
                    "INSERT INTO audit_events (at, user_id, actor, action, token_id, ip, user_agent, details)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    event.at(), event.userId(), event.actor(), event.action(), event.tokenId(), event.ip(),
                    event.userAgent(), details);
            return Sql.one(connection, "SELECT " + COLUMNS + " FROM audit_events WHERE id = ?",
                    JdbcAuditStore::event, id).orElseThrow();
        });
    }

    @Override
    public List<AuditEvent> listForUser(long userId, Long beforeId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return transactions.read("audit.listForUser", connection -> beforeId == null
                ? Sql.list(connection, "SELECT " + COLUMNS + " FROM audit_events WHERE user_id = ?"
                        + " ORDER BY id DESC LIMIT ?", JdbcAuditStore::event, userId, limit)
                : Sql.list(connection, "SELECT " + COLUMNS + " FROM audit_events WHERE user_id = ? AND id < ?"
                        + " ORDER BY id DESC LIMIT ?", JdbcAuditStore::event, userId, beforeId, limit));
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
                row.getString("ip"), row.getString("user_agent"), fromJson(row.getString("details")));
    }

    private static String toJson(Map<String, String> details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details cannot be written as JSON", e);
        }
    }

    private static Map<String, String> fromJson(String details) {
        try {
            return JSON.readValue(details, DETAILS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored audit details are not a JSON object of strings", e);
        }
    }
}
