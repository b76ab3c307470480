package org.latchkey.audit;

import java.time.Instant;

/**
 * One stored row of the usage log as read back: {@code uses} identical uses, the latest at
 * {@code at}; the repository as {@code owner/name} as it is named now, or null when the use was of
 * no repository (or the repository is gone).
 */
public record UsageEntry(long id, Instant at, int uses, UsageKind kind, String operation, String action,
                         String repository, String ip, String userAgent, boolean allowed) {
}
