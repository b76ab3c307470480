package org.latchkey.audit;

import java.util.List;

/** Durable, append-only storage of audit events. */
public interface AuditStore {

    /** Appends an event (its id is ignored and assigned by the store) and returns it with its id. */
    AuditEvent append(AuditEvent event);

    /** The user's events with id below {@code beforeId} (null: from the newest), newest first. */
    List<AuditEvent> listForUser(long userId, Long beforeId, int limit);

    /** The account's events that match the query's filters, newest first. */
    List<AuditEvent> page(AuditQuery query);
}
