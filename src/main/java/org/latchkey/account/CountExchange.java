package org.latchkey.account;

import java.util.List;

/**
 * Where the nodes of a cluster merge their counts (PostgreSQL or Redis). {@link SharedCounts} calls
 * it from its background sync only, never on a request's path.
 */
public interface CountExchange {

    /** One node's count of one kind and key in the bucket starting at {@code bucket} (epoch seconds). */
    record Count(String kind, String key, long bucket, long n) {
    }

    /**
     * Adds this node's increments to its own counts, then answers every other node's counts in
     * buckets starting at or after {@code sinceSecond}, summed over those nodes; older buckets may
     * be forgotten.
     */
    List<Count> exchange(String node, List<Count> increments, long sinceSecond);
}
