package org.latchkey.cluster;

import java.time.Instant;
import java.util.List;

/** Where nodes write their heartbeats and read each other's. */
public interface NodeStore {

    /** Inserts or replaces the node's row. */
    void beat(Node node);

    /** Every node, the most recently started first. */
    List<Node> list();

    /** Deletes the nodes whose last heartbeat is before {@code horizon}; answers how many. */
    int pruneBefore(Instant horizon);
}
