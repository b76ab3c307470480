package org.latchkey.notice;

import java.time.Instant;

/** A notice as kept in the outbox: its id (increasing in the order told) and when it was told. */
public record StoredNotice(long id, Notice notice, Instant createdAt) {
}
