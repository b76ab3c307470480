package org.latchkey.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.latchkey.audit.UsageClient;
import org.latchkey.audit.UsageEntry;
import org.latchkey.audit.UsageEvent;
import org.latchkey.audit.UsageKind;
import org.latchkey.audit.UsageQuery;
import org.latchkey.audit.UsageRow;
import org.latchkey.audit.UsageStore;
import org.latchkey.audit.UsageTotal;

/**
 * The usage log in {@code token_usage}. Read back summed per route or per action and target, with
 * owner and repository names joined as they are now.
 */
final class JdbcUsageStore implements UsageStore {

    static final int MAX_USER_AGENT = 512;
    private static final String INSERT = "INSERT INTO token_usage (token_id, at, uses, kind, operation, action, owner_id,"
            + " repository_id, private, accepted, ip, user_agent, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String GROUPING = "u.kind, u.operation, u.action, u.owner_id, o.login, u.repository_id, r.name,"
            + " u.private, u.accepted, u.outcome";
    private static final String TOTALS = "SELECT u.kind, u.operation, u.action, u.owner_id, o.login AS owner_login,"
            + " u.repository_id, r.name AS repository_name, u.private, u.accepted, u.outcome,"
            + " SUM(u.uses) AS uses, MIN(u.at) AS first_at, MAX(u.at) AS last_at"
            + " FROM token_usage u LEFT JOIN users o ON o.id = u.owner_id LEFT JOIN repositories r ON r.id = u.repository_id"
            + " WHERE u.token_id = ? AND u.at >= ? GROUP BY " + GROUPING + " ORDER BY last_at DESC, uses DESC";

    private static final String CLIENTS = "SELECT ip, user_agent, SUM(uses) AS uses, MIN(at) AS first_at,"
            + " MAX(at) AS last_at FROM token_usage WHERE token_id = ? AND at >= ? AND (ip IS NOT NULL OR user_agent IS NOT NULL)"
            + " GROUP BY ip, user_agent ORDER BY last_at DESC, uses DESC";

    private static final String PAGE = "SELECT u.id, u.at, u.uses, u.kind, u.operation, u.action, u.ip, u.user_agent,"
            + " u.outcome, o.login AS owner_login, r.name AS repository_name"
            + " FROM token_usage u LEFT JOIN users o ON o.id = u.owner_id LEFT JOIN repositories r ON r.id = u.repository_id"
            + " WHERE u.token_id = ?";

    private final Transactions transactions;

    JdbcUsageStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void append(List<UsageRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object[]> params = new ArrayList<>(rows.size());
        for (UsageRow row : rows) {
            params.add(params(row));
        }
        transactions.inTransaction("usage.append", connection -> {
            Sql.batch(connection, INSERT, params);
            return null;
        });
    }

    private static Object[] params(UsageRow row) {
        UsageEvent use = row.latest();
        boolean target = use.hasTarget();
        return new Object[] {use.tokenId(), Instant.ofEpochMilli(use.atMillis()), row.uses(), use.kind().wireName(),
            use.operation(), use.action(), target ? use.ownerId() : null,
            target && use.repositoryId() != 0 ? use.repositoryId() : null, target ? use.isPrivate() : null,
            use.accepted(), use.ip(), clip(use.userAgent()), use.allowed() ? "allowed" : "denied"};
    }

    private static String clip(String userAgent) {
        return userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent : userAgent.substring(0, MAX_USER_AGENT);
    }

    @Override
    public List<UsageTotal> totals(long tokenId, Instant since) {
        return transactions.read("usage.totals", connection ->
                Sql.list(connection, TOTALS, JdbcUsageStore::total, tokenId, since));
    }

    private static UsageTotal total(ResultSet row) throws SQLException {
        boolean isPrivate = row.getBoolean("private");
        Boolean privateOrNull = row.wasNull() ? null : isPrivate;
        return new UsageTotal(UsageKind.fromWireName(row.getString("kind")), row.getString("operation"),
                row.getString("action"), Sql.nullableLong(row, "owner_id"), row.getString("owner_login"),
                Sql.nullableLong(row, "repository_id"), row.getString("repository_name"), privateOrNull,
                row.getString("accepted"), "allowed".equals(row.getString("outcome")), row.getLong("uses"),
                Sql.instant(row, "first_at"), Sql.instant(row, "last_at"));
    }

    @Override
    public List<UsageClient> clients(long tokenId, Instant since) {
        return transactions.read("usage.clients", connection -> Sql.list(connection, CLIENTS,
                row -> new UsageClient(row.getString("ip"), row.getString("user_agent"), row.getLong("uses"),
                        Sql.instant(row, "first_at"), Sql.instant(row, "last_at")), tokenId, since));
    }

    @Override
    public List<UsageEntry> page(UsageQuery query) {
        StringBuilder sql = new StringBuilder(PAGE);
        List<Object> params = new ArrayList<>();
        params.add(query.tokenId());
        if (query.beforeId() != null) {
            sql.append(" AND u.id < ?");
            params.add(query.beforeId());
        }
        if (query.allowed() != null) {
            sql.append(" AND u.outcome = ?");
            params.add(query.allowed() ? "allowed" : "denied");
        }
        if (query.since() != null) {
            sql.append(" AND u.at >= ?");
            params.add(query.since());
        }
        if (query.until() != null) {
            sql.append(" AND u.at < ?");
            params.add(query.until());
        }
        if (query.kind() != null) {
            sql.append(" AND u.kind = ?");
            params.add(query.kind().wireName());
        }
        if (query.ownerLogin() != null) {
            sql.append(" AND LOWER(o.login) = LOWER(?) AND LOWER(r.name) = LOWER(?)");
            params.add(query.ownerLogin());
            params.add(query.repositoryName());
        }
        sql.append(" ORDER BY u.id DESC LIMIT ?");
        params.add(query.limit());
        return transactions.read("usage.page", connection ->
                Sql.list(connection, sql.toString(), JdbcUsageStore::entry, params.toArray()));
    }

    private static UsageEntry entry(ResultSet row) throws SQLException {
        String owner = row.getString("owner_login");
        String name = row.getString("repository_name");
        return new UsageEntry(row.getLong("id"), Sql.instant(row, "at"), row.getInt("uses"),
                UsageKind.fromWireName(row.getString("kind")), row.getString("operation"), row.getString("action"),
                owner == null || name == null ? null : owner + "/" + name, row.getString("ip"),
                row.getString("user_agent"), "allowed".equals(row.getString("outcome")));
    }

    @Override
    public int pruneBefore(Instant cutoff) {
        return transactions.inTransaction("usage.prune", connection ->
                Sql.update(connection, "DELETE FROM token_usage WHERE at < ?", cutoff));
    }
}
