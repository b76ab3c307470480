package org.latchkey.cluster;

import java.time.Instant;

/**
 * One node as its last heartbeat described it. {@code appliedSequence} (null) and {@code
 * leaseState} ({@code none}) are placeholders for the revocation sequence and lease.
 */
public record Node(String id, String address, String hostname, String version, Instant startedAt,
                   Instant heartbeatAt, Long appliedSequence, String leaseState, long tokenCacheSize) {

    /** Whether its heartbeat is younger than {@link NodeRegistry#ALIVE_WITHIN} at {@code now}. */
    public boolean aliveAt(Instant now) {
        return heartbeatAt.isAfter(now.minus(NodeRegistry.ALIVE_WITHIN));
    }
}
