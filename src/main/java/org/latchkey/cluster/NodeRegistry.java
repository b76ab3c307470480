package org.latchkey.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node in the node table: its heartbeat (written every second by a job the composition
 * schedules; {@link #beat} runs one), the list of every node, and the pruning of rows a day old.
 * The id is random per start, so a restarted node is a new row and its old one ages out.
 */
public final class NodeRegistry {

    /** How often the heartbeat is written. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);
    /** A node is alive while its heartbeat is younger than this. */
    public static final Duration ALIVE_WITHIN = Duration.ofSeconds(5);
    /** Rows whose heartbeat is older than this are deleted. */
    public static final Duration PRUNE_AFTER = Duration.ofDays(1);

    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistry.class);

    /** What a node says of itself. */
    public record Identity(String id, String address, String hostname, String version) {
    }

    private final NodeStore store;
    private final Supplier<Identity> identity;
    private final LongSupplier tokenCacheSize;
    private final Supplier<String> leaseState;
    private final Clock clock;
    private final Instant startedAt;
    private volatile Instant lastBeat;
    private volatile boolean lastBeatFailed;
    private final AtomicLong failures = new AtomicLong();

    /** {@code identity} is asked at each heartbeat (the address is known once the server listens). */
    public NodeRegistry(NodeStore store, Supplier<Identity> identity, LongSupplier tokenCacheSize, Clock clock) {
        this(store, identity, tokenCacheSize, () -> Lease.NONE, clock);
    }

    /** One that also writes the state of this node's lease ({@link Lease#state}) at each heartbeat. */
    public NodeRegistry(NodeStore store, Supplier<Identity> identity, LongSupplier tokenCacheSize,
                        Supplier<String> leaseState, Clock clock) {
        this.store = store;
        this.identity = identity;
        this.tokenCacheSize = tokenCacheSize;
        this.leaseState = leaseState;
        this.clock = clock;
        this.startedAt = clock.instant();
    }


    /** Writes this node's heartbeat and prunes old rows; a failure is remembered for readiness, then thrown. */
    public void beat() {
        Instant now = clock.instant();
        Identity identity = this.identity.get();
        try {
            store.beat(new Node(identity.id(), identity.address(), identity.hostname(), identity.version(), startedAt,
                    now, null, leaseState.get(), tokenCacheSize.getAsLong(), null));
            store.pruneBefore(now.minus(PRUNE_AFTER));
            lastBeat = now;
            if (lastBeatFailed) {
                LOG.info("The node's heartbeat is written again");
            }
            lastBeatFailed = false;
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            if (!lastBeatFailed) {
                LOG.warn("Could not write the node's heartbeat ({}); /ready answers 503", e.getClass().getSimpleName());
            }
            lastBeatFailed = true;
            throw e;
        }
    }

    /** This node's id. */
    public String nodeId() {
        return identity.get().id();
    }

    /** Every node in the table, with whether it is alive now. */
    public List<Listed> nodes() {
        Instant now = clock.instant();
        return store.list().stream().map(n -> new Listed(n, n.aliveAt(now), n.id().equals(identity.get().id()))).toList();
    }

    /** A node as listed: alive when its heartbeat is recent; {@code self} for the node answering. */
    public record Listed(Node node, boolean alive, boolean self) {
    }

    /** Whether the last heartbeat write failed (the database is unreachable from here). */
    public boolean lastBeatFailed() {
        return lastBeatFailed;
    }

    /** How old this node's last written heartbeat is; since the start when none was written yet. */
    public Duration heartbeatAge() {
        Instant last = lastBeat;
        return Duration.between(last == null ? startedAt : last, clock.instant());
    }

    /** Heartbeats that could not be written since the start. */
    public long failures() {
        return failures.get();
    }
}
