package org.latchkey.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage log's writer, off the hot path: a request hands its {@link UsageEvent} to a bounded,
 * lock-free queue (one compare-and-set; when the queue is full the event is dropped and counted,
 * never waited for), and a background thread drains it every interval, coalesces identical uses
 * into one row with a count, and appends the rows in one transaction. A busy token therefore
 * writes one row per distinct use per interval however many requests it makes. The same thread
 * prunes rows older than the retention window once an hour (and a minute after start).
 */
public final class UsageLog implements UsageSink, AutoCloseable {

    public static final int DEFAULT_CAPACITY = 1 << 16;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
    static final long PRUNE_INTERVAL_MILLIS = Duration.ofHours(1).toMillis();
    private static final long FIRST_PRUNE_MILLIS = Duration.ofMinutes(1).toMillis();
    private static final Logger LOG = LoggerFactory.getLogger(UsageLog.class);

    private final UsageStore store;
    private final BoundedQueue<UsageEvent> queue;
    private final LongAdder dropped = new LongAdder();
    private final ScheduledExecutorService flusher;
    private final Clock clock;
    private final Duration retention;
    private long reported;
    private final List<Consumer<List<UsageRow>>> listeners = new CopyOnWriteArrayList<>();

    /** A log flushed by a background thread every {@code flushIntervalMillis}, keeping 90 days by the system clock. */
    public UsageLog(UsageStore store, int capacity, long flushIntervalMillis) {
        this(store, capacity, flushIntervalMillis, Clock.systemUTC(), DEFAULT_RETENTION);
    }

    /** A log flushed every {@code flushIntervalMillis} that keeps uses for {@code retention} by {@code clock}. */
    public UsageLog(UsageStore store, int capacity, long flushIntervalMillis, Clock clock, Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("usage retention must be positive, was " + retention);
        }
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.queue = new BoundedQueue<>(capacity);
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "latchkey-usage-log");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, flushIntervalMillis, flushIntervalMillis, TimeUnit.MILLISECONDS);
        flusher.scheduleWithFixedDelay(this::pruneQuietly, FIRST_PRUNE_MILLIS, PRUNE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Deletes the uses recorded before the retention window as the clock now has it; answers how many rows. */
    public int prune() {
        Instant cutoff = clock.instant().minus(retention);
        int pruned = store.pruneBefore(cutoff);
        if (pruned > 0) {
            LOG.info("pruned {} usage log rows older than {}", pruned, cutoff);
        }
        return pruned;
    }

    private void pruneQuietly() {
        try {
            prune();
        } catch (RuntimeException e) {
            LOG.warn("could not prune the usage log: {}", e.toString());
        }
    }

    /** One page of the token's recorded uses, newest first (what is still queued is not there yet). */
    public java.util.List<UsageEntry> page(UsageQuery query) {
        return store.page(query);
    }

    /** The token's uses since {@code since}, summed per route or action and target, including what was still queued. */
    public List<UsageTotal> totalsNow(long tokenId, Instant since) {
        flush();
        return store.totals(tokenId, since);
    }

    /** The token's clients since {@code since}, including what was still queued. */
    public List<UsageClient> clientsNow(long tokenId, Instant since) {
        flush();
        return store.clients(tokenId, since);
    }

    @Override
    public void record(UsageEvent event) {
        if (!queue.offer(event)) {
            dropped.increment();
        }
    }

    /** About how many uses wait to be written. */
    public int backlog() {
        return queue.size();
    }

    /** How many uses were dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Writes everything queued so far, coalesced; called by the background thread, on close and by tests. */
    public synchronized void flush() {
        Map<Key, Tally> tallies = new LinkedHashMap<>();
        for (UsageEvent event = queue.poll(); event != null; event = queue.poll()) {
            tallies.computeIfAbsent(Key.of(event), key -> new Tally()).add(event);
        }
        if (tallies.isEmpty()) {
            return;
        }
        List<UsageRow> rows = new ArrayList<>(tallies.size());
        tallies.values().forEach(tally -> rows.add(new UsageRow(tally.latest, tally.uses)));
        store.append(rows);
        for (Consumer<List<UsageRow>> listener : listeners) {
            try {
                listener.accept(rows);
            } catch (RuntimeException e) {
                LOG.warn("a usage log listener failed: {}", e.toString());
            }
        }
    }

    /**
     * Calls {@code listener} with the rows of every flush once they are written, on the flushing
     * thread (never a request's): what watches token use for anomalies. A listener that throws is
     * logged and does not stop the log.
     */
    public void onFlush(Consumer<List<UsageRow>> listener) {
        listeners.add(listener);
    }

    private synchronized void flushQuietly() {
        try {
            flush();
            long total = dropped.sum();
            if (total > reported) {
                LOG.warn("the usage log dropped {} uses: its queue of {} was full", total - reported, queue.capacity());
                reported = total;
            }
        } catch (RuntimeException e) {
            LOG.warn("could not write the usage log: {}", e.toString());
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }

    /** What makes two uses the same use: everything but the moment. */
    private record Key(long tokenId, UsageKind kind, String operation, String action, long ownerId, long repositoryId,
                       boolean isPrivate, String accepted, String ip, String userAgent, boolean allowed) {
        static Key of(UsageEvent e) {
            return new Key(e.tokenId(), e.kind(), e.operation(), e.action(), e.ownerId(), e.repositoryId(), e.isPrivate(),
                    e.accepted(), e.ip(), e.userAgent(), e.allowed());
        }
    }

    private static final class Tally {
        private UsageEvent latest;
        private int uses;

        void add(UsageEvent event) {
            if (latest == null || event.atMillis() >= latest.atMillis()) {
                latest = event;
            }
            if (uses < Integer.MAX_VALUE) {
                uses++;
            }
        }
    }
}
