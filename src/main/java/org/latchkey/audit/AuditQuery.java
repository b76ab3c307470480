package org.latchkey.audit;

import java.time.Instant;
import java.util.Set;

/**
 * One page of an account's audit log, newest first: at most {@code limit} events with an id below
 * {@code beforeId} (null: from the newest), each filter null when not asked for: the action's wire
 * name, the token the event concerns, and events at or after {@code since} and before {@code until};
 * events whose action is in {@code hiddenActions} are left out.
 */
public record AuditQuery(long userId, Long beforeId, int limit, String action, Long tokenId, Instant since,
                         Instant until, Set<String> hiddenActions) {

    public AuditQuery {
        hiddenActions = hiddenActions == null ? Set.of() : Set.copyOf(hiddenActions);
    }

    /** No action hidden. */
    public AuditQuery(long userId, Long beforeId, int limit, String action, Long tokenId, Instant since, Instant until) {
        this(userId, beforeId, limit, action, tokenId, since, until, Set.of());
    }

    /** The newest {@code limit} events with an id below {@code beforeId}, unfiltered. */
    public static AuditQuery page(long userId, Long beforeId, int limit) {
        return new AuditQuery(userId, beforeId, limit, null, null, null, null);
    }
}
