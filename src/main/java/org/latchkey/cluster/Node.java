package org.latchkey.cluster;

import java.time.Instant;

/**
 * One node as its heartbeat and its listener describe it: {@code appliedSequence} is the last
 * invalidation sequence it applied (null before its listener first acknowledged), {@code
 * leaseState} {@code held}, {@code lapsed} or {@code none} (an embedded database, no lease
 * needed), and {@code leaseUntil} when its lease ends by the database's clock (null when never
 * held). The heartbeat writes neither the sequence nor the lease's end: the listener does.
 */
public record Node(String id, String address, String hostname, String version, Instant startedAt,
                   Instant heartbeatAt, Long appliedSequence, String leaseState, long tokenCacheSize,
                   Instant leaseUntil) {

    /** Whether its heartbeat is younger than {@link NodeRegistry#ALIVE_WITHIN} at {@code now}. */
    public boolean aliveAt(Instant now) {
        return heartbeatAt.isAfter(now.minus(NodeRegistry.ALIVE_WITHIN));
    }
}
