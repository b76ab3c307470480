package org.latchkey.audit;

import java.time.Instant;

/**
 * One client that used a token over a window: its address and user agent (either may be null), how
 * many uses, and the first and last of them.
 */
public record UsageClient(String ip, String userAgent, long uses, Instant firstAt, Instant lastAt) {
}
