package org.latchkey.notice;

import java.time.Instant;

/** One line of a hook's delivery log: an attempt, and where its delivery stands now. */
public record DeliveryLogEntry(long id, long deliveryId, Long noticeId, String event, Attempt attempt,
                               DeliveryState state, Instant nextAttemptAt) {
}
