package org.latchkey.token;

import java.time.Instant;
import java.util.List;

/** Where and when a token was last used, as far as the store knows. */
public record TokenUsage(Instant lastUsedAt, List<String> lastUsedIps, String lastUserAgent) {

    public static final TokenUsage NEVER = new TokenUsage(null, List.of(), null);

    public TokenUsage {
        lastUsedIps = List.copyOf(lastUsedIps);
    }
}
