package org.latchkey.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counts behind limits that hold across a cluster: each node counts locally, and a background
 * {@link #sync} (every second) pushes its unsynced increments through a {@link CountExchange} and
 * pulls what the other nodes counted. A request only reads the last pulled snapshot and adds to an
 * in-memory increment: no network round trip. A limit enforces its own node's exact count plus the
 * others' as of the last sync, so it overshoots by at most what the other nodes admitted since
 * their last push: nodes × rate × sync interval.
 */
public final class SharedCounts {

    /** The kinds of counts kept, each with the length of its buckets in seconds. */
    public enum Kind {
        RATE(60), USER_FAILURE(10), IP_FAILURE(10), DEAD_TOKEN(10), USER_LOCK(1), IP_LOCK(1), DEAD_TOKEN_LOCK(1),
        /** Calls to an endpoint without authentication, per address ({@code ReportThrottle}). */
        CALL(5);

        final long bucketSeconds;

        Kind(long bucketSeconds) {
            this.bucketSeconds = bucketSeconds;
        }

        public long bucketSeconds() {
            return bucketSeconds;
        }
    }

    private static final long HORIZON_SECONDS = 3600;
    private static final int MAX_KEY_LENGTH = 200;

    private final CountExchange exchange;
    private final String node;
    private final Clock clock;
    private final ConcurrentHashMap<CountExchange.Count, Long> pending = new ConcurrentHashMap<>();
    private volatile Map<Kind, Map<String, long[]>> others = Map.of();

    private SharedCounts(CountExchange exchange, String node, Clock clock) {
        this.exchange = exchange;
        this.node = node;
        this.clock = clock;
    }

    /** Counts merged with other nodes through {@code exchange}; {@code node} names this node in it. */
    public static SharedCounts shared(CountExchange exchange, String node, Clock clock) {
        return new SharedCounts(exchange, node, clock);
    }

    /** A single node's: nothing is kept, nothing is merged. */
    public static SharedCounts local(Clock clock) {
        return new SharedCounts(null, null, clock);
    }

    public boolean enabled() {
        return exchange != null;
    }

    /** Adds {@code n} to this node's count of {@code key} in the bucket holding {@code epochSecond}. */
    public void add(Kind kind, String key, long epochSecond, long n) {
        if (exchange == null) {
            return;
        }
        long bucket = Math.floorDiv(epochSecond, kind.bucketSeconds) * kind.bucketSeconds;
        pending.merge(new CountExchange.Count(kind.name(), stored(key), bucket, 0), n, Long::sum);
    }

    /** The other nodes' count of {@code key} in buckets that may hold a second at or after {@code fromSecond}. */
    public long othersSince(Kind kind, String key, long fromSecond) {
        long[] buckets = othersOf(kind, key);
        if (buckets == null) {
            return 0;
        }
        long from = Math.floorDiv(fromSecond, kind.bucketSeconds) * kind.bucketSeconds;
        long sum = 0;
        for (int i = 0; i < buckets.length; i += 2) {
            if (buckets[i] >= from) {
                sum += buckets[i + 1];
            }
        }
        return sum;
    }

    /** The earliest bucket at or after {@code fromSecond} in which other nodes counted {@code key}, or {@code fallback}. */
    public long othersEarliest(Kind kind, String key, long fromSecond, long fallback) {
        long[] buckets = othersOf(kind, key);
        long earliest = fallback;
        if (buckets != null) {
            for (int i = 0; i < buckets.length; i += 2) {
                if (buckets[i] >= fromSecond && buckets[i] < earliest) {
                    earliest = buckets[i];
                }
            }
        }
        return earliest;
    }

    /** The latest bucket in which other nodes counted {@code key}, or {@link Long#MIN_VALUE}. */
    public long othersLatest(Kind kind, String key) {
        long[] buckets = othersOf(kind, key);
        long latest = Long.MIN_VALUE;
        if (buckets != null) {
            for (int i = 0; i < buckets.length; i += 2) {
                latest = Math.max(latest, buckets[i]);
            }
        }
        return latest;
    }

    private long[] othersOf(Kind kind, String key) {
        if (exchange == null || key == null) {
            return null;
        }
        Map<String, long[]> ofKind = others.get(kind);
        return ofKind == null ? null : ofKind.get(stored(key));
    }

    /** A key as exchanged: a long one (whatever a client made up) by its SHA-256, so that every key fits the store. */
    private static String stored(String key) {
        if (key.length() <= MAX_KEY_LENGTH) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Pushes this node's increments and pulls the others' counts of the last hour (and of the
     * future: a lockout's end). Increments that fail to push are kept for the next sync, for as
     * long as they are within the hour.
     */
    public void sync() {
        if (exchange == null) {
            return;
        }
        long now = clock.millis() / 1000;
        List<CountExchange.Count> increments = new ArrayList<>();
        for (CountExchange.Count key : pending.keySet()) {
            Long n = pending.remove(key);
            if (n != null) {
                increments.add(new CountExchange.Count(key.kind(), key.key(), key.bucket(), n));
            }
        }
        List<CountExchange.Count> pulled;
        try {
            pulled = exchange.exchange(node, increments, now - HORIZON_SECONDS);
        } catch (RuntimeException e) {
            for (CountExchange.Count c : increments) {
                if (c.bucket() >= now - HORIZON_SECONDS) {
                    pending.merge(new CountExchange.Count(c.kind(), c.key(), c.bucket(), 0), c.n(), Long::sum);
                }
            }
            throw e;
        }
        others = snapshot(pulled);
    }

    private static Map<Kind, Map<String, long[]>> snapshot(List<CountExchange.Count> pulled) {
        Map<Kind, Map<String, List<CountExchange.Count>>> grouped = new HashMap<>();
        for (CountExchange.Count c : pulled) {
            Kind kind;
            try {
                kind = Kind.valueOf(c.kind());
            } catch (IllegalArgumentException unknown) {
                continue; // a newer node's kind
            }
            grouped.computeIfAbsent(kind, k -> new HashMap<>()).computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
        }
        Map<Kind, Map<String, long[]>> snapshot = new java.util.EnumMap<>(Kind.class);
        grouped.forEach((kind, byKey) -> {
            Map<String, long[]> keys = new HashMap<>(byKey.size() * 2);
            byKey.forEach((key, counts) -> {
                long[] buckets = new long[counts.size() * 2];
                for (int i = 0; i < counts.size(); i++) {
                    buckets[2 * i] = counts.get(i).bucket();
                    buckets[2 * i + 1] = counts.get(i).n();
                }
                keys.put(key, buckets);
            });
            snapshot.put(kind, keys);
        });
        return snapshot;
    }
}
