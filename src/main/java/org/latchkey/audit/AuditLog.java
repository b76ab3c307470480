package org.latchkey.audit;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records security-relevant events for the account they concern; never given a secret. */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final AuditStore store;
    private final Clock clock;

    public AuditLog(AuditStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public AuditEvent record(AuditAction action, Long userId, String actor, Long tokenId, Origin origin) {
        return record(action, userId, actor, tokenId, origin, Map.of());
    }

    public AuditEvent record(AuditAction action, Long userId, String actor, Long tokenId, Origin origin,
                             Map<String, String> details) {
        AuditEvent event = store.append(new AuditEvent(0, clock.instant(), userId, actor, action.wireName(), tokenId,
                origin.ip(), origin.userAgent(), details));
        LOG.info("audit {} user={} actor={} token={} ip={}", action.wireName(), userId, actor, tokenId, origin.ip());
        return event;
    }

    /** Recomputes the whole log's hash chain: whether any stored event was changed, removed or reordered. */
    public ChainVerdict verifyChain() {
        return new AuditChainCheck(store).run();
    }

    /** One page of a user's events, newest first; {@code beforeId} null starts at the newest. */
    public List<AuditEvent> page(long userId, Long beforeId, int limit) {
        return store.listForUser(userId, beforeId, limit);
    }

    /** One page of a user's events matching the query's filters, newest first. */
    public List<AuditEvent> page(AuditQuery query) {
        return store.page(query);
    }
}
