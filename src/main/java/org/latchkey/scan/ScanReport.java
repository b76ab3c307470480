package org.latchkey.scan;

import java.util.List;

/**
 * What a scan found, sorted by path, commit order and line, and what it looked at: files (or blobs)
 * scanned, binary ones skipped, and those that could not be read.
 */
public record ScanReport(List<Finding> findings, long scanned, long skippedBinary, List<String> unreadable) {

    /** Latchkey token secrets and client secrets: what {@code latchkey scan --revoke} reports to the server. */
    public List<Finding> latchkeyTokens() {
        return findings.stream().filter(f -> f.kind() == SecretKind.LATCHKEY || f.kind() == SecretKind.LATCHKEY_CLIENT_SECRET)
                .toList();
    }
}
