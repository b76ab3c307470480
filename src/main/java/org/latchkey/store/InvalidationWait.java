package org.latchkey.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.latchkey.cluster.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a transaction that took invalidation sequence {@code s} committed: waits until no node
 * holds a lease in the database while it has applied less than {@code s}, by the database's clock
 * (so the nodes' clocks do not matter). A node that answers applies and acknowledges within a few
 * milliseconds; one that does not stops being waited for when its lease runs out, at most {@link
 * Lease#LENGTH} after its last renewal, and it stopped trusting its cache before that. Polls with a
 * backoff (half as long again each time) from {@link #FIRST_PAUSE_NANOS} to {@link #LAST_PAUSE_NANOS}, a pooled connection per
 * poll. A lease is compared with the statement's start, not {@code clock_timestamp()}: the rows are
 * read as of the statement's snapshot, taken after its start, so a lease seen ended had ended
 * before any renewal the snapshot misses, and that renewal finds the node's local lease lapsed
 * (compared with the time of reading, a slow statement could miss a renewal made in time and
 * count a node as gone that still trusts its cache). Gives up with a {@link StoreException} after
 * {@link #GIVE_UP_AFTER} leases, a node that renews without ever applying (the change is committed,
 * but the call must not claim it is final).
 */
final class InvalidationWait implements Transactions.AfterCommit {

    static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(250);
    static final long LAST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final int GIVE_UP_AFTER = 4;
    private static final String LAGGING = "SELECT count(*) AS lagging FROM nodes WHERE lease_until > statement_timestamp()"
            + " AND (applied_sequence IS NULL OR applied_sequence < ?)";
    private static final Logger LOG = LoggerFactory.getLogger(InvalidationWait.class);

    private final DataSource dataSource;
    private volatile LongConsumer waited = nanos -> { };

    InvalidationWait(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Tells {@code waited} how long each wait took, in nanoseconds. */
    void timedBy(LongConsumer waited) {
        this.waited = waited;
    }

    @Override
    public void committed(long sequence) {
        long start = System.nanoTime();
        long giveUp = start + Lease.LENGTH.toNanos() * GIVE_UP_AFTER;
        long pause = FIRST_PAUSE_NANOS;
        SQLException last = null;
        while (System.nanoTime() - giveUp < 0) {
            try {
                if (lagging(sequence) == 0) {
                    waited.accept(System.nanoTime() - start);
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 3 / 2, LAST_PAUSE_NANOS);
        }
        LOG.error("Invalidation {} was not applied by every node holding a lease within {} s", sequence,
                TimeUnit.NANOSECONDS.toSeconds(giveUp - start));
        throw new StoreException("invalidation.wait", last == null ? new SQLException("nodes lagging") : last);
    }

    private int lagging(long sequence) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(LAGGING)) {
            query.setLong(1, sequence);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt("lagging");
            }
        }
    }
}
