package org.latchkey.audit;

import java.time.Instant;
import java.util.List;

/** Durable storage of the usage log. */
public interface UsageStore {

    /** Appends coalesced rows in one transaction. */
    void append(List<UsageRow> rows);

    /** The token's uses since {@code since}, summed per route or per action and target. */
    List<UsageTotal> totals(long tokenId, Instant since);

    /** The token's clients since {@code since}: uses summed per address and user agent, most recent first. */
    List<UsageClient> clients(long tokenId, Instant since);

    /** One page of a token's rows, newest (highest id) first. */
    List<UsageEntry> page(UsageQuery query);

    /** Deletes every row recorded before {@code cutoff}; answers how many. */
    int pruneBefore(Instant cutoff);
}
