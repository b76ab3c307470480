package org.latchkey.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.latchkey.audit.TokenUse;

/**
 * A batch of usage observations folded per token: the latest use (time and user agent) and the
 * latest sighting of each IP. Written in token id order, so concurrent batches from several nodes
 * lock token rows in the same order and never deadlock; the token row lock also serialises the
 * update-then-insert of an IP row.
 */
final class UsageMerge {

    private static final String TOUCH = "UPDATE tokens SET"
            + " last_user_agent = CASE WHEN last_used_at IS NULL OR last_used_at < ? THEN ? ELSE last_user_agent END,"
            + " last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < ? THEN ? ELSE last_used_at END"
            + " WHERE id = ?";
    private static final String PRUNE = "DELETE FROM token_ips WHERE token_id = ? AND ip NOT IN"
            + " (SELECT ip FROM token_ips WHERE token_id = ? ORDER BY last_seen_at DESC, ip LIMIT " + TokenRows.RECENT_IPS + ")";

    private final SortedMap<Long, TokenUse> latest;
    private final Map<Long, Map<String, Instant>> ips;

    private UsageMerge(SortedMap<Long, TokenUse> latest, Map<Long, Map<String, Instant>> ips) {
        this.latest = latest;
        this.ips = ips;
    }

    static UsageMerge of(Collection<TokenUse> uses) {
        SortedMap<Long, TokenUse> latest = new TreeMap<>();
        Map<Long, Map<String, Instant>> ips = new HashMap<>();
        for (TokenUse use : uses) {
            latest.merge(use.tokenId(), use, (a, b) -> b.at().isAfter(a.at()) ? b : a);
            if (use.ip() != null) {
                ips.computeIfAbsent(use.tokenId(), id -> new HashMap<>())
                        .merge(use.ip(), use.at(), (a, b) -> b.isAfter(a) ? b : a);
            }
        }
        return new UsageMerge(latest, ips);
    }

    void writeTo(Connection connection) throws SQLException {
        for (TokenUse use : latest.values()) {
            long id = use.tokenId();
            boolean exists = Sql.update(connection, TOUCH, use.at(), use.userAgent(), use.at(), use.at(), id) == 1;
            Map<String, Instant> seen = ips.getOrDefault(id, Map.of());
            if (exists && !seen.isEmpty()) {
                for (Map.Entry<String, Instant> ip : seen.entrySet()) {
                    upsertIp(connection, id, ip.getKey(), ip.getValue());
                }
                Sql.update(connection, PRUNE, id, id);
            }
        }
    }

    private static void upsertIp(Connection connection, long tokenId, String ip, Instant at) throws SQLException {
        int updated = Sql.update(connection, "UPDATE token_ips SET last_seen_at = GREATEST(last_seen_at, ?)"
                + " WHERE token_id = ? AND ip = ?", at, tokenId, ip);
        if (updated == 0) {
            Sql.update(connection, "INSERT INTO token_ips (token_id, ip, last_seen_at) VALUES (?, ?, ?)", tokenId, ip, at);
        }
    }
}
