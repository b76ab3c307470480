package org.latchkey.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.latchkey.alert.AlertLimits;
import org.latchkey.alert.AlertRule;
import org.latchkey.alert.Alerts;
import org.latchkey.alert.NewAlert;
import org.latchkey.alert.SecurityAlert;
import org.latchkey.alert.SecurityAlertStore;
import org.latchkey.notice.Pruned;

/**
 * Alerts in {@code security_alerts}. Adding one locks its user's row, so the count of alerts told
 * within the limits' window, and of those held back since, is exact on every node.
 */
final class JdbcSecurityAlertStore implements SecurityAlertStore {

    private static final String COLUMNS = "id, user_id, token_id, rule, at, ip, user_agent, message, details, notified,"
            + " acknowledged_at";

    private final Transactions transactions;

    JdbcSecurityAlertStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<Raised> add(NewAlert alert, AlertLimits limits) {
        String details = StringMaps.toJson(alert.details());
        return transactions.inTransaction("alerts.add", connection -> {
            if (Sql.one(connection, "SELECT id FROM users WHERE id = ? FOR UPDATE", row -> row.getLong("id"),
                    alert.userId()).isEmpty()) {
                throw new java.util.NoSuchElementException("user " + alert.userId() + " does not exist");
            }
            if (Sql.one(connection, "SELECT id FROM security_alerts WHERE dedupe_key = ?", row -> row.getLong("id"),
                    alert.key()).isPresent()) {
                return Optional.empty();
            }
            Instant windowStart = alert.at().minus(limits.window());
            int toldForRule = count(connection, "SELECT COUNT(*) AS n FROM security_alerts WHERE user_id = ? AND notified"
                    + " AND at > ? AND rule = ?", alert.userId(), windowStart, alert.rule().wireName());
            int toldForUser = count(connection, "SELECT COUNT(*) AS n FROM security_alerts WHERE user_id = ? AND notified"
                    + " AND at > ?", alert.userId(), windowStart);
            boolean notified = limits.allows(toldForRule, toldForUser);
            int heldBack = notified ? count(connection, "SELECT COUNT(*) AS n FROM security_alerts WHERE user_id = ?"
                    + " AND NOT notified AND id > COALESCE((SELECT MAX(id) FROM security_alerts WHERE user_id = ?"
                    + " AND notified), 0)", alert.userId(), alert.userId()) : 0;
            long id = Sql.insert(connection, "INSERT INTO security_alerts (user_id, token_id, rule, at, ip, user_agent,"
                            + " message, details, dedupe_key, notified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    alert.userId(), alert.tokenId(), alert.rule().wireName(), alert.at(), alert.ip(), alert.userAgent(),
                    alert.message(), details, alert.key(), notified);
            return Optional.of(new Raised(byId(connection, id).orElseThrow(), heldBack));
        });
    }

    @Override
    public List<SecurityAlert> listForUser(long userId, Long beforeId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return transactions.read("alerts.listForUser", connection -> beforeId == null
                ? Sql.list(connection, "SELECT " + COLUMNS + " FROM security_alerts WHERE user_id = ?"
                        + " ORDER BY id DESC LIMIT ?", JdbcSecurityAlertStore::alert, userId, limit)
                : Sql.list(connection, "SELECT " + COLUMNS + " FROM security_alerts WHERE user_id = ? AND id < ?"
                        + " ORDER BY id DESC LIMIT ?", JdbcSecurityAlertStore::alert, userId, beforeId, limit));
    }

    @Override
    public List<SecurityAlert> toldWithoutNotice(Instant since, Instant until, int limit) {
        return transactions.read("alerts.toldWithoutNotice", connection -> Sql.list(connection, "SELECT " + COLUMNS
                + " FROM security_alerts a WHERE notified AND at >= ? AND at <= ? AND NOT EXISTS (SELECT 1 FROM notices n"
                + " WHERE n.dedupe_key = CONCAT('" + Alerts.NOTICE_KEY_PREFIX + "', CAST(a.id AS VARCHAR)))"
                + " ORDER BY id LIMIT ?", JdbcSecurityAlertStore::alert, since, until, limit));
    }

    @Override
    public Optional<SecurityAlert> acknowledge(long userId, long id, Instant at) {
        return transactions.inTransaction("alerts.acknowledge", connection -> {
            Sql.update(connection, "UPDATE security_alerts SET acknowledged_at = ? WHERE id = ? AND user_id = ?"
                    + " AND acknowledged_at IS NULL", at, id, userId);
            return byId(connection, id).filter(alert -> alert.userId() == userId);
        });
    }

    @Override
    public Pruned pruneBefore(Instant cutoff) {
        return Pruned.of(Pruned.Table.SECURITY_ALERTS, transactions.inTransaction("alerts.prune", connection ->
                Sql.update(connection, "DELETE FROM security_alerts WHERE at < ?", cutoff)));
    }

    private static Optional<SecurityAlert> byId(Connection connection, long id) throws SQLException {
        return Sql.one(connection, "SELECT " + COLUMNS + " FROM security_alerts WHERE id = ?",
                JdbcSecurityAlertStore::alert, id);
    }

    private static int count(Connection connection, String sql, Object... params) throws SQLException {
        return Sql.one(connection, sql, row -> row.getInt("n"), params).orElse(0);
    }

    private static SecurityAlert alert(ResultSet row) throws SQLException {
        return new SecurityAlert(row.getLong("id"), row.getLong("user_id"), Sql.nullableLong(row, "token_id"),
                AlertRule.valueOf(row.getString("rule").toUpperCase(java.util.Locale.ROOT)), Sql.instant(row, "at"),
                row.getString("ip"), row.getString("user_agent"), row.getString("message"),
                StringMaps.fromJson(row.getString("details")), row.getBoolean("notified"), Sql.instant(row, "acknowledged_at"));
    }
}
