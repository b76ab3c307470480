package org.latchkey.audit;

import java.util.Collection;

/** Where the {@link UsageRecorder} writes its batches: each token's last use, user agent and recent addresses. */
public interface LastUseStore {

    /** Merges usage observations: last-used time and user agent, and the set of recent IPs. */
    void recordUsage(Collection<TokenUse> uses);
}
