package org.latchkey.notice;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable state of delivering notices, so that any node, after any restart, carries on where
 * the last one stopped: which notices were fanned out into deliveries, and each delivery's state,
 * attempts and next due time. A delivery is claimed (with a lease) before it is sent, so two
 * dispatchers never send it at the same time; the claim's attempt number guards its outcome.
 */
public interface DeliveryStore {

    /** Notices not yet fanned out into deliveries, oldest first (whatever order they committed in). */
    List<StoredNotice> notFannedOut(int limit);

    /**
     * In one transaction: marks the notice fanned out and stores its deliveries. False (and nothing
     * written) when it was fanned out already, by this node or another.
     */
    boolean fanOut(long noticeId, List<NewDelivery> deliveries, Instant at);

    /** Stores a delivery of no notice (a ping); answers its id. */
    long add(NewDelivery delivery, Instant at);

    /** Ids of deliveries due at {@code now}: pending and due, or sending with a lapsed lease. */
    List<Long> due(Instant now, int limit);

    /**
     * Takes the delivery if it is (still) due: counts the attempt and holds it until
     * {@code leaseUntil}. Empty when another dispatcher has it or it is no longer due.
     */
    Optional<Delivery> claim(long id, Instant now, Instant leaseUntil);

    /**
     * Logs the attempt and leaves the delivery in {@code state} ({@code PENDING} with its next due
     * time, or a final state), unless its claim was lost (its lease lapsed and another took it).
     */
    boolean finish(long id, Attempt attempt, DeliveryState state, Instant nextAttemptAt);

    /** A hook's delivery attempts, newest first; {@code beforeId} null starts at the newest. */
    List<DeliveryLogEntry> logForHook(long hookId, Long beforeId, int limit);

    /** Pending deliveries of every channel, for a gauge. */
    long pendingCount();

    /**
     * Deletes the deliveries that reached a final state (delivered, failed, cancelled) before
     * {@code cutoff}, with their attempts; pending and sending ones stay whatever their age.
     */
    Pruned pruneFinishedBefore(Instant cutoff);
}
