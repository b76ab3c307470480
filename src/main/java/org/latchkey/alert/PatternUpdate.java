package org.latchkey.alert;

import java.time.Instant;
import java.util.List;

/**
 * One token's activity as recorded: its owner and name, its {@link UsagePattern} before the
 * activity (null when this was the first recorded), the addresses and user agents seen for the
 * first time (each with its latest moment), the latest moment of the activity, and its uses in the clock hour of the activity
 * ({@code hourUses}, this activity included, on every node) and in the hours before it within the
 * history asked for ({@code previousUses}).
 */
public record PatternUpdate(long tokenId, long userId, String tokenName, UsagePattern before, List<Sighting> newIps,
                            List<Sighting> newUserAgents, Instant at, Instant hour, long hourUses, long previousUses) {

    /** An address or user agent and when it was seen. */
    public record Sighting(String value, Instant at) {
    }

    public PatternUpdate {
        newIps = List.copyOf(newIps);
        newUserAgents = List.copyOf(newUserAgents);
    }
}
