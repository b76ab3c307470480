package org.latchkey.account;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background job that merges a node's {@link SharedCounts} with the other nodes' every half
 * second, so that what any node counted is known to every node within a second. A failed sync is
 * logged and retried at the next tick; its increments are kept.
 */
public final class CountSync implements AutoCloseable {

    /** How often a node pushes and pulls counts. */
    public static final long INTERVAL_MILLIS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(CountSync.class);

    private final SharedCounts counts;
    private final ScheduledExecutorService scheduler;
    private final AutoCloseable exchange;
    private final AtomicInteger failingInARow = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastSyncNanos = System.nanoTime();

    private CountSync(SharedCounts counts, ScheduledExecutorService scheduler, AutoCloseable exchange) {
        this.counts = counts;
        this.scheduler = scheduler;
        this.exchange = exchange;
    }

    /**
     * Starts syncing {@code counts}; a single node's (not shared) counts start no thread. {@code
     * exchange} (may be null) is closed after the last sync.
     */
    public static CountSync start(SharedCounts counts, AutoCloseable exchange) {
        if (!counts.enabled()) {
            return new CountSync(counts, null, exchange);
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "latchkey-count-sync");
            thread.setDaemon(true);
            return thread;
        });
        CountSync sync = new CountSync(counts, scheduler, exchange);
        scheduler.scheduleWithFixedDelay(sync::syncQuietly, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return sync;
    }

    /** Syncs now, as the job does every half second. */
    public void syncNow() {
        try {
            counts.sync();
            failingInARow.set(0);
            lastSyncNanos = System.nanoTime();
        } catch (RuntimeException e) {
            failingInARow.incrementAndGet();
            failures.incrementAndGet();
            throw e;
        }
    }

    /** Syncs that failed one after the other up to now (0 after a success); for readiness. */
    public int failingInARow() {
        return failingInARow.get();
    }

    /** Syncs that failed since the start. */
    public long failures() {
        return failures.get();
    }

    /** Seconds since the last successful sync (or the start); 0 when counts are not shared. */
    public double lagSeconds() {
        return scheduler == null ? 0 : (System.nanoTime() - lastSyncNanos) / 1e9;
    }

    private void syncQuietly() {
        try {
            syncNow();
        } catch (RuntimeException e) {
            LOG.warn("Could not merge limit counts with the other nodes ({}); retrying", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
                counts.sync();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("Could not push the last limit counts ({})", e.getClass().getSimpleName());
            }
        }
        if (exchange != null) {
            try {
                exchange.close();
            } catch (Exception e) {
                LOG.warn("Could not close the connection limit counts are merged through ({})", e.getClass().getSimpleName());
            }
        }
    }
}
