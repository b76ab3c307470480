package org.latchkey.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.latchkey.notice.Pruned;

/** Durable patterns of token use, kept from the usage log's flushes. */
public interface UsagePatternStore {

    /**
     * Distinct addresses (and user agents) kept per token: beyond, new ones are no longer recorded
     * nor reported, since a token used from that many places has no pattern to depart from.
     */
    int TRACKED = 100;

    /**
     * Adds each token's activity to its pattern, one token at a time and atomically per token on
     * every node (of two nodes recording the same new address at once, only one reports it as
     * new), and keeps {@code history} of hourly counts. Session tokens and unknown tokens are left
     * out of the answer.
     */
    List<PatternUpdate> record(List<TokenActivity> batch, Duration history);

    /**
     * Deletes the hourly counts of hours before {@code hoursBefore}, and the whole pattern (sightings
     * included) of each token revoked or deleted before {@code endedBefore}: such a token is never
     * used again, so nothing will compare a use with its pattern.
     */
    Pruned prune(Instant hoursBefore, Instant endedBefore);
}
