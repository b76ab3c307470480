package org.latchkey.store;

import java.time.Instant;
import java.util.List;
import org.latchkey.cluster.Node;
import org.latchkey.cluster.NodeStore;

/**
 * Nodes in {@code nodes}: each node updates only its own row (inserted at its first heartbeat).
 * The heartbeat leaves {@code applied_sequence} and {@code lease_until} to the node's listener.
 */
final class JdbcNodeStore implements NodeStore {

    private final Transactions transactions;

    JdbcNodeStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void beat(Node n) {
        transactions.inTransaction("nodes.beat", connection -> {
            int updated = Sql.update(connection, "UPDATE nodes SET address = ?, hostname = ?, version = ?, started_at = ?,"
                    + " heartbeat_at = ?, lease_state = ?, token_cache_size = ? WHERE id = ?",
                    n.address(), n.hostname(), n.version(), Sql.stored(n.startedAt()), Sql.stored(n.heartbeatAt()),
                    n.leaseState(), n.tokenCacheSize(), n.id());
            if (updated == 0) {
                Sql.update(connection, "INSERT INTO nodes (id, address, hostname, version, started_at, heartbeat_at,"
                        + " applied_sequence, lease_state, token_cache_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        n.id(), n.address(), n.hostname(), n.version(), Sql.stored(n.startedAt()),
                        Sql.stored(n.heartbeatAt()), n.appliedSequence(), n.leaseState(), n.tokenCacheSize());
            }
            return null;
        });
    }

    @Override
    public List<Node> list() {
        return transactions.inTransaction("nodes.list", connection -> Sql.list(connection,
                "SELECT * FROM nodes ORDER BY started_at DESC, id",
                row -> new Node(row.getString("id"), row.getString("address"), row.getString("hostname"),
                        row.getString("version"), Sql.instant(row, "started_at"), Sql.instant(row, "heartbeat_at"),
                        Sql.nullableLong(row, "applied_sequence"), row.getString("lease_state"),
                        row.getLong("token_cache_size"), Sql.instant(row, "lease_until"))));
    }

    @Override
    public int pruneBefore(Instant horizon) {
        return transactions.inTransaction("nodes.prune", connection ->
                Sql.update(connection, "DELETE FROM nodes WHERE heartbeat_at < ?", Sql.stored(horizon)));
    }
}
