package org.latchkey.store;

import java.util.ArrayList;
import java.util.List;
import org.latchkey.account.CountExchange;

/**
 * Shared counts in {@code shared_counts}, one row per node so that the others' sum is exact: this
 * node's increments are upserted ({@code ON CONFLICT DO UPDATE SET n = n + excluded.n} on
 * PostgreSQL, {@code MERGE} on H2) and the other nodes' rows read back, in one transaction. Each
 * node deletes only its own rows of buckets before the horizon, so nodes never wait on each other.
 */
final class JdbcCountExchange implements CountExchange {

    private static final String POSTGRES_UPSERT = "INSERT INTO shared_counts (kind, count_key, bucket, node, n)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, count_key, bucket, node) DO UPDATE SET n = shared_counts.n + excluded.n";
    private static final String H2_MERGE = "MERGE INTO shared_counts t USING (VALUES (CAST(? AS VARCHAR(32)),"
            + " CAST(? AS VARCHAR(512)), CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS BIGINT)))"
            + " s (kind, count_key, bucket, node, n)"
            + " ON t.kind = s.kind AND t.count_key = s.count_key AND t.bucket = s.bucket AND t.node = s.node"
            + " WHEN MATCHED THEN UPDATE SET n = t.n + s.n"
            + " WHEN NOT MATCHED THEN INSERT (kind, count_key, bucket, node, n) VALUES (s.kind, s.count_key, s.bucket, s.node, s.n)";

    private final Transactions transactions;
    private final String upsert;

    JdbcCountExchange(Transactions transactions, boolean postgres) {
        this.transactions = transactions;
        this.upsert = postgres ? POSTGRES_UPSERT : H2_MERGE;
    }

    @Override
    public List<Count> exchange(String node, List<Count> increments, long sinceSecond) {
        return transactions.inTransaction("counts.exchange", connection -> {
            if (!increments.isEmpty()) {
                List<Object[]> rows = new ArrayList<>(increments.size());
                for (Count c : increments) {
                    rows.add(new Object[] {c.kind(), c.key(), c.bucket(), node, c.n()});
                }
                Sql.batch(connection, upsert, rows);
            }
            Sql.update(connection, "DELETE FROM shared_counts WHERE node = ? AND bucket < ?", node, sinceSecond);
            return Sql.list(connection, "SELECT kind, count_key, bucket, SUM(n) AS n FROM shared_counts"
                    + " WHERE bucket >= ? AND node <> ? GROUP BY kind, count_key, bucket",
                    row -> new Count(row.getString("kind"), row.getString("count_key"), row.getLong("bucket"),
                            row.getLong("n")), sinceSecond, node);
        });
    }
}
