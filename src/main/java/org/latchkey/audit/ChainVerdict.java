package org.latchkey.audit;

/**
 * What checking the audit log's hash chain found: how many events it checked, how many older ones
 * predate the chain, and the first event whose link does not hold (null when intact), with why.
 */
public record ChainVerdict(long checked, long unchained, Long firstBrokenEventId, String problem) {

    public boolean intact() {
        return firstBrokenEventId == null && problem == null;
    }
}
