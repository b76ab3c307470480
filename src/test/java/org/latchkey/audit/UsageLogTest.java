package org.latchkey.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UsageLogTest {

    /** A store that keeps what it is given, and can be made to hang inside {@link #append}. */
    private static final class SlowStore implements UsageStore {
        final List<UsageRow> rows = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean hang;

        @Override
        public void append(List<UsageRow> batch) {
            entered.countDown();
            if (hang) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            rows.addAll(batch);
        }

        @Override
        public List<UsageTotal> totals(long tokenId, Instant since) {
            return List.of();
        }

        @Override
        public List<UsageClient> clients(long tokenId, Instant since) {
            return List.of();
        }

        @Override
        public List<UsageEntry> page(UsageQuery query) {
            return List.of();
        }

        @Override
        public int pruneBefore(Instant cutoff) {
            return 0;
        }
    }

    @Test
    void record_never_waits_when_the_queue_is_full_or_the_store_hangs_and_counts_what_it_drops() throws Exception {
        SlowStore store = new SlowStore();
        store.hang = true;
        try (UsageLog log = new UsageLog(store, 8, 3_600_000)) {
            for (int i = 0; i < 8; i++) {
                log.record(use(1, i, "GET /api/v1/user"));
            }
            Thread flusher = new Thread(log::flush);
            flusher.start();
            assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();

            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                for (int i = 0; i < 100_000; i++) {
                    log.record(use(1, i, "GET /api/v1/user"));
                }
            });

            assertThat(log.dropped()).isEqualTo(100_000 - 8);
            store.release.countDown();
            flusher.join(5_000);
            store.hang = false;
        }
        assertThat(store.rows).hasSize(2);
        assertThat(store.rows).extracting(UsageRow::uses).containsExactly(8, 8);
    }

    @Test
    void a_flush_coalesces_identical_uses_and_keeps_different_ones_apart() {
        SlowStore store = new SlowStore();
        try (UsageLog log = new UsageLog(store, 1024, 3_600_000)) {
            for (int i = 0; i < 100; i++) {
                log.record(use(1, 1000 - i, "GET /api/v1/user"));
            }
            log.record(use(2, 5, "GET /api/v1/user"));
            log.record(use(1, 5, "GET /api/v1/user/audit-log"));
            log.record(UsageEvent.route(1, 7, "GET /api/v1/user", "", "10.0.0.1", "curl/8", false));
            log.flush();
            log.flush();

            assertThat(store.rows).hasSize(4);
            UsageRow busy = store.rows.get(0);
            assertThat(busy.uses()).isEqualTo(100);
            assertThat(busy.latest().atMillis()).isEqualTo(1000);
            assertThat(store.rows.subList(1, 4)).extracting(UsageRow::uses).containsExactly(1, 1, 1);
        }
    }

    @Test
    void closing_writes_what_is_queued() {
        SlowStore store = new SlowStore();
        UsageLog log = new UsageLog(store, 16, 3_600_000);
        log.record(use(1, 1, "GET /api/v1/user"));
        log.close();
        assertThat(store.rows).hasSize(1);
    }

    @Test
    void the_queue_loses_and_repeats_nothing_between_many_producers_and_one_consumer() throws Exception {
        BoundedQueue<Integer> queue = new BoundedQueue<>(64);
        int producers = 4;
        int each = 50_000;
        List<Integer> received = new ArrayList<>();
        int[] rejected = new int[producers];
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            threads.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    if (!queue.offer(id * each + i)) {
                        rejected[id]++;
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        boolean running = true;
        while (running) {
            running = threads.stream().anyMatch(Thread::isAlive);
            for (Integer next = queue.poll(); next != null; next = queue.poll()) {
                received.add(next);
            }
        }
        for (Integer next = queue.poll(); next != null; next = queue.poll()) {
            received.add(next);
        }

        int totalRejected = 0;
        for (int r : rejected) {
            totalRejected += r;
        }
        assertThat(received.size() + totalRejected).isEqualTo(producers * each);
        assertThat(received).doesNotHaveDuplicates();
        for (int p = 0; p < producers; p++) {
            int id = p;
            List<Integer> mine = received.stream().filter(n -> n / each == id).toList();
            assertThat(mine).as("producer %s in order", p).isSorted();
        }
    }

    private static UsageEvent use(long tokenId, long at, String route) {
        return UsageEvent.route(tokenId, at, route, "", "10.0.0.1", "curl/8", true);
    }
}
