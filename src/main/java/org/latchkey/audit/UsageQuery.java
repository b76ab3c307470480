package org.latchkey.audit;

import java.time.Instant;

/**
 * One page of a token's usage log, newest first: at most {@code limit} rows with an id below
 * {@code beforeId} (null: from the newest), each filter null when not asked for.
 */
public record UsageQuery(long tokenId, Long beforeId, int limit, Boolean allowed, Instant since, Instant until,
                         UsageKind kind, String ownerLogin, String repositoryName) {
}
