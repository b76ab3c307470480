package org.latchkey.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.latchkey.token.ResourceGrant;
import org.latchkey.token.ResourceGrant.Approval;
import org.latchkey.token.ResourceGrant.Selection;

/** The {@code token_resources} rows of fine-grained tokens: which owners and repositories each may act on. */
final class TokenResources {

    private static final int IDS_PER_QUERY = 1000;

    private TokenResources() {
    }

    static Map<Long, List<ResourceGrant>> of(Connection connection, List<Long> tokenIds) throws SQLException {
        Map<Long, List<ResourceGrant>> grants = new HashMap<>();
        for (int from = 0; from < tokenIds.size(); from += IDS_PER_QUERY) {
            List<Long> chunk = tokenIds.subList(from, Math.min(tokenIds.size(), from + IDS_PER_QUERY));
            String marks = chunk.stream().map(id -> "?").collect(Collectors.joining(", "));
            Sql.each(connection, "SELECT r.token_id, r.owner_id, u.login, r.selection, r.repository_ids, r.approval,"
                    + " r.decided_by, r.decided_at, r.reason FROM token_resources r JOIN users u ON u.id = r.owner_id"
                    + " WHERE r.token_id IN (" + marks + ") ORDER BY r.token_id, u.login_key", row ->
                    grants.computeIfAbsent(row.getLong("token_id"), id -> new ArrayList<>()).add(new ResourceGrant(
                            row.getLong("owner_id"), row.getString("login"), Selection.valueOf(row.getString("selection")),
                            ids(row.getString("repository_ids")), Approval.valueOf(row.getString("approval")),
                            row.getString("decided_by"), Sql.instant(row, "decided_at"), row.getString("reason"))),
                    chunk.toArray());
        }
        return grants;
    }

    static void insert(Connection connection, long tokenId, List<ResourceGrant> grants) throws SQLException {
        for (ResourceGrant grant : grants) {
            Sql.update(connection, "INSERT INTO token_resources (token_id, owner_id, selection, repository_ids, approval,"
                            + " decided_by, decided_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", tokenId, grant.ownerId(),
                    grant.selection().name(), grant.repositoryIds().isEmpty() ? null : grant.repositoryIds().stream()
                            .sorted().map(String::valueOf).collect(Collectors.joining(",")),
                    grant.approval().name(), grant.decidedBy(), grant.decidedAt(), grant.reason());
        }
    }

    static int decide(Connection connection, long tokenId, ResourceGrant decided) throws SQLException {
        return Sql.update(connection, "UPDATE token_resources SET approval = ?, decided_by = ?, decided_at = ?, reason = ?"
                        + " WHERE token_id = ? AND owner_id = ?", decided.approval().name(), decided.decidedBy(),
                decided.decidedAt(), decided.reason(), tokenId, decided.ownerId());
    }

    private static Set<Long> ids(String stored) {
        if (stored == null || stored.isEmpty()) {
            return Set.of();
        }
        return Arrays.stream(stored.split(",")).map(Long::valueOf).collect(Collectors.toSet());
    }
}
