package org.latchkey.audit;

import java.util.List;

/**
 * Durable, append-only storage of audit events. Appending links each event into the hash chain
 * ({@link AuditChain}) in the order the store serialises appends.
 */
public interface AuditStore {

    /** Appends an event (its id is ignored and assigned by the store) and returns it with its id. */
    AuditEvent append(AuditEvent event);

    /** The user's events with id below {@code beforeId} (null: from the newest), newest first. */
    default List<AuditEvent> listForUser(long userId, Long beforeId, int limit) {
        return page(AuditQuery.page(userId, beforeId, limit));
    }

    /** Every user's events with id above {@code afterId}, oldest first, with their links. */
    List<ChainedEvent> chainAfter(long afterId, int limit);

    /** The link the store recorded as the newest (null when no event is chained yet). */
    byte[] headLink();

    /** The account's events that match the query's filters, newest first. */
    List<AuditEvent> page(AuditQuery query);
}
