package org.latchkey.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
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
 * poll. A lease is compared with the time the previous poll finished reading (by the database's
 * clock), never with a time of the poll itself: a poll reads rows as of its snapshot, and a time
 * taken by the same statement may be later than that snapshot, so a renewal made in time but
 * missed by the snapshot could be judged against a time past the old lease, counting as gone a
 * node that still trusts its cache. The previous poll ended before this one's snapshot, so a lease
 * seen ended then had ended before any renewal this snapshot misses, and that renewal finds the
 * node's local lease lapsed. The first poll only looks for acknowledgements. Gives up with a {@link StoreException} after
 * {@link #GIVE_UP_AFTER} leases, a node that renews without ever applying (the change is committed,
 * but the call must not claim it is final).
 */
final class InvalidationWait implements Transactions.AfterCommit {

    static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(250);
    static final long LAST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final int GIVE_UP_AFTER = 4;
    private static final String LAGGING = "SELECT count(*) FILTER (WHERE lease_until > COALESCE(?::timestamptz,"
            + " '-infinity'::timestamptz) AND (applied_sequence IS NULL OR applied_sequence < ?)) AS lagging,"
            + " clock_timestamp() AS read_at FROM nodes";
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
        OffsetDateTime previousRead = null;
        while (System.nanoTime() - giveUp < 0) {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement query = connection.prepareStatement(LAGGING)) {
                query.setObject(1, previousRead);
                query.setLong(2, sequence);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    if (row.getInt("lagging") == 0) {
                        waited.accept(System.nanoTime() - start);
                        return;
                    }
                    previousRead = row.getObject("read_at", OffsetDateTime.class);
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
}
