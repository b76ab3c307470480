package org.latchkey.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records last-used time, IP and user agent off the hot path: a request only touches its token's
 * {@link Slot}; a background flush writes what changed in one batch every interval, so a token
 * costs at most one write per interval however busy it is.
 */
public final class UsageRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);

    private final LastUseStore store;
    private final ConcurrentLinkedQueue<Slot> dirty = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService flusher;

    public UsageRecorder(LastUseStore store, long flushIntervalMillis) {
        this.store = store;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "latchkey-usage-flush");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, flushIntervalMillis, flushIntervalMillis, TimeUnit.MILLISECONDS);
    }

    public Slot slot(long tokenId) {
        return new Slot(tokenId, this);
    }

    /** Writes everything recorded so far; called by the background flush and on close. */
    public synchronized void flush() {
        List<TokenUse> uses = new ArrayList<>();
        for (Slot slot = dirty.poll(); slot != null; slot = dirty.poll()) {
            slot.drainTo(uses);
        }
        if (!uses.isEmpty()) {
            store.recordUsage(uses);
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("could not record token usage: {}", e.toString());
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        flushQuietly();
    }

    /**
     * The usage of one token since the last flush: its last moment, user agent and up to five
     * addresses. Between flushes of an idle token it holds nothing but its id: what is pending
     * lives in a {@link Pending} made on the first use after a flush and dropped by the flush.
     */
    public static final class Slot {
        private static final int MAX_IPS = 5;

        private final long tokenId;
        private final UsageRecorder recorder;
        private Pending pending;
        private volatile Use last;

        private Slot(long tokenId, UsageRecorder recorder) {
            this.tokenId = tokenId;
            this.recorder = recorder;
        }

        /**
         * A use at {@code atMilli} (epoch milliseconds, as a clock gives them without allocating).
         * A busy token is touched many times a millisecond from the same address and agent; such a
         * repeat of the last use adds nothing to what is pending or already flushed, and returns
         * without taking the lock.
         */
        public void touch(long atMilli, String ip, String agent) {
            Use previous = last;
            if (previous != null && previous.is(atMilli, ip, agent)) {
                return;
            }
            boolean enqueue;
            synchronized (this) {
                enqueue = pending == null;
                if (enqueue) {
                    pending = new Pending();
                }
                pending.remember(atMilli, ip);
                pending.userAgent = agent;
                last = new Use(atMilli, ip, agent);
            }
            if (enqueue) {
                recorder.dirty.add(this);
            }
        }

        /** Drops what was pending, and the last use too, so that an idle token keeps no request's strings. */
        private synchronized void drainTo(List<TokenUse> uses) {
            Pending drained = pending;
            pending = null;
            last = null;
            if (drained == null) {
                return;
            }
            for (int i = 0; i < drained.ipCount; i++) {
                uses.add(new TokenUse(tokenId, Instant.ofEpochMilli(drained.ipTimes[i]), drained.ips[i], drained.userAgent));
            }
        }

        /** The addresses (with their last moments) and user agent seen since the last flush. */
        private static final class Pending {
            private final String[] ips = new String[MAX_IPS];
            private final long[] ipTimes = new long[MAX_IPS];
            private int ipCount;
            private String userAgent;

            void remember(long atMilli, String ip) {
                for (int i = 0; i < ipCount; i++) {
                    if (Objects.equals(ips[i], ip)) {
                        ipTimes[i] = atMilli;
                        return;
                    }
                }
                int index = ipCount < MAX_IPS ? ipCount++ : oldest();
                ips[index] = ip;
                ipTimes[index] = atMilli;
            }

            private int oldest() {
                int oldest = 0;
                for (int i = 1; i < ipCount; i++) {
                    if (ipTimes[i] < ipTimes[oldest]) {
                        oldest = i;
                    }
                }
                return oldest;
            }
        }

        private record Use(long atMilli, String ip, String agent) {
            boolean is(long atMilli, String ip, String agent) {
                return this.atMilli == atMilli && Objects.equals(this.ip, ip) && Objects.equals(this.agent, agent);
            }
        }
    }
}
