package org.latchkey.alert;

import java.time.Instant;

/**
 * What is known of a token's use: since when, how many uses, and from how many distinct addresses
 * and user agents (counted up to {@link UsagePatternStore#TRACKED}).
 */
public record UsagePattern(Instant firstUsedAt, long uses, int ips, int userAgents) {
}
