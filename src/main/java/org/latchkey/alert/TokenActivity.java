package org.latchkey.alert;

import java.time.Instant;
import java.util.Map;

/**
 * One token's uses in one flush of the usage log: how many, the latest moment, and the latest
 * moment of each address and user agent it was used from.
 */
public record TokenActivity(long tokenId, Instant latestAt, long uses, Map<String, Instant> ips,
                            Map<String, Instant> userAgents) {

    public TokenActivity {
        ips = Map.copyOf(ips);
        userAgents = Map.copyOf(userAgents);
    }
}
