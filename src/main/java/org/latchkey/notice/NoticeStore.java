package org.latchkey.notice;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Durable storage of notices, each key at most once. */
public interface NoticeStore {

    /** Stores the notice unless one with its key exists; empty when it did (nothing is written). */
    Optional<StoredNotice> add(Notice notice, Instant at);

    /** The user's notices with id below {@code beforeId} (null: from the newest), newest first. */
    List<StoredNotice> listForUser(long userId, Long beforeId, int limit);

    /** Every user's notices with id above {@code afterId}, oldest first: what a dispatcher reads. */
    List<StoredNotice> listAfter(long afterId, int limit);

    /**
     * Deletes the notices of these events stored before {@code toldBefore}, with their fan-out,
     * once fanned out and with no delivery left: a notice still to fan out or deliver stays. Its key
     * goes too, so call it only for events whose key can no longer be told again by then.
     */
    Pruned pruneTold(Collection<String> events, Instant toldBefore);
}
