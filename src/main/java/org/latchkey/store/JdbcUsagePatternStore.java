package org.latchkey.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latchkey.alert.AlertKeys;
import org.latchkey.alert.PatternUpdate;
import org.latchkey.alert.TokenActivity;
import org.latchkey.alert.UsagePattern;
import org.latchkey.alert.UsagePatternStore;
import org.latchkey.notice.Pruned;

/**
 * Patterns of use in {@code token_patterns}, {@code token_sightings} and {@code token_hourly_uses}.
 * Each token's activity is one transaction that first locks the token's pattern row, so nodes
 * recording the same token take turns; the primary key of a sighting decides which of them saw an
 * address first. Hourly counts older than the history are deleted as the token's are written.
 */
final class JdbcUsagePatternStore implements UsagePatternStore {

    private static final String IP = "ip";
    private static final String USER_AGENT = "ua";

    private final Transactions transactions;

    JdbcUsagePatternStore(Transactions transactions) {
        this.transactions = transactions;
    }

    private record Owner(long userId, String name) {
    }

    @Override
    public List<PatternUpdate> record(List<TokenActivity> batch, Duration history) {
        List<PatternUpdate> updates = new ArrayList<>();
        for (TokenActivity activity : batch) {
            transactions.inTransaction("patterns.record", connection -> record(connection, activity, history))
                    .ifPresent(updates::add);
        }
        return updates;
    }

    private static Optional<PatternUpdate> record(Connection connection, TokenActivity activity, Duration history)
            throws SQLException {
        long tokenId = activity.tokenId();
        Optional<Owner> owner = Sql.one(connection, "SELECT user_id, name FROM tokens WHERE id = ? AND type <> 'SESSION'",
                row -> new Owner(row.getLong("user_id"), row.getString("name")), tokenId);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        Instant earliest = earliest(activity);
        boolean first = Sql.update(connection, "INSERT INTO token_patterns (token_id, first_used_at, uses, ips, user_agents)"
                + " VALUES (?, ?, 0, 0, 0) ON CONFLICT DO NOTHING", tokenId, earliest) == 1;
        UsagePattern stored = Sql.one(connection, "SELECT first_used_at, uses, ips, user_agents FROM token_patterns"
                + " WHERE token_id = ? FOR UPDATE", row -> new UsagePattern(Sql.instant(row, "first_used_at"),
                row.getLong("uses"), row.getInt("ips"), row.getInt("user_agents")), tokenId).orElseThrow();
        List<PatternUpdate.Sighting> newIps = sightings(connection, tokenId, IP, activity.ips(), stored.ips());
        List<PatternUpdate.Sighting> newAgents = sightings(connection, tokenId, USER_AGENT, activity.userAgents(),
                stored.userAgents());
        Sql.update(connection, "UPDATE token_patterns SET uses = uses + ?, ips = ips + ?, user_agents = user_agents + ?,"
                        + " first_used_at = LEAST(first_used_at, ?) WHERE token_id = ?",
                activity.uses(), newIps.size(), newAgents.size(), earliest, tokenId);
        Instant hour = activity.latestAt().truncatedTo(ChronoUnit.HOURS);
        long hourUses = addToHour(connection, tokenId, hour, activity.uses());
        long previousUses = Sql.one(connection, "SELECT COALESCE(SUM(uses), 0) AS n FROM token_hourly_uses"
                + " WHERE token_id = ? AND hour_start >= ? AND hour_start < ?", row -> row.getLong("n"), tokenId,
                hour.minus(history), hour).orElse(0L);
        Sql.update(connection, "DELETE FROM token_hourly_uses WHERE token_id = ? AND hour_start < ?", tokenId, hour.minus(history));
        return Optional.of(new PatternUpdate(tokenId, owner.get().userId(), owner.get().name(), first ? null : stored,
                newIps, newAgents, activity.latestAt(), hour, hourUses, previousUses));
    }

    @Override
    public Pruned prune(Instant hoursBefore, Instant endedBefore) {
        String ended = "SELECT id FROM tokens WHERE revoked_at < ? OR deleted_at < ?";
        return transactions.inTransaction("patterns.prune", connection -> {
            int hours = Sql.update(connection, "DELETE FROM token_hourly_uses WHERE hour_start < ?", hoursBefore);
            int sightings = Sql.update(connection, "DELETE FROM token_sightings WHERE token_id IN (" + ended + ")",
                    endedBefore, endedBefore);
            int patterns = Sql.update(connection, "DELETE FROM token_patterns WHERE token_id IN (" + ended + ")",
                    endedBefore, endedBefore);
            return Pruned.of(Pruned.Table.TOKEN_HOURLY_USES, hours).plus(Pruned.of(Pruned.Table.TOKEN_SIGHTINGS, sightings))
                    .plus(Pruned.of(Pruned.Table.TOKEN_PATTERNS, patterns));
        });
    }

    /** Records each value seen; answers those seen for the first time (none once {@link #TRACKED} are known). */
    private static List<PatternUpdate.Sighting> sightings(Connection connection, long tokenId, String kind,
                                                          Map<String, Instant> seen, int known) throws SQLException {
        List<PatternUpdate.Sighting> added = new ArrayList<>();
        for (Map.Entry<String, Instant> value : seen.entrySet()) {
            String key = AlertKeys.digest(value.getKey());
            int updated = Sql.update(connection, "UPDATE token_sightings SET last_seen_at = GREATEST(last_seen_at, ?)"
                    + " WHERE token_id = ? AND kind = ? AND value_key = ?", value.getValue(), tokenId, kind, key);
            if (updated == 0 && known + added.size() < TRACKED) {
                Sql.update(connection, "INSERT INTO token_sightings (token_id, kind, value_key, seen_value, first_seen_at,"
                        + " last_seen_at) VALUES (?, ?, ?, ?, ?, ?)", tokenId, kind, key, value.getKey(), value.getValue(),
                        value.getValue());
                added.add(new PatternUpdate.Sighting(value.getKey(), value.getValue()));
            }
        }
        added.sort(java.util.Comparator.comparing(PatternUpdate.Sighting::at).thenComparing(PatternUpdate.Sighting::value));
        return added;
    }

    private static long addToHour(Connection connection, long tokenId, Instant hour, long uses) throws SQLException {
        if (Sql.update(connection, "UPDATE token_hourly_uses SET uses = uses + ? WHERE token_id = ? AND hour_start = ?",
                uses, tokenId, hour) == 0) {
            Sql.update(connection, "INSERT INTO token_hourly_uses (token_id, hour_start, uses) VALUES (?, ?, ?)",
                    tokenId, hour, uses);
        }
        return Sql.one(connection, "SELECT uses FROM token_hourly_uses WHERE token_id = ? AND hour_start = ?",
                row -> row.getLong("uses"), tokenId, hour).orElse(uses);
    }

    private static Instant earliest(TokenActivity activity) {
        Instant earliest = activity.latestAt();
        for (Instant at : activity.ips().values()) {
            earliest = at.isBefore(earliest) ? at : earliest;
        }
        return earliest;
    }
}
