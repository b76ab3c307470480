package org.latchkey.audit;

import java.time.Instant;

/** One coalesced observation of a token in use, as written to the store in batches. */
public record TokenUse(long tokenId, Instant at, String ip, String userAgent) {
}
