package org.latchkey.alert;

import java.time.Instant;
import java.util.Map;

/**
 * An alert as listed to its account's owner: {@code notified} is false when the rate limit held
 * its notice back; {@code acknowledgedAt} is null until the owner acknowledges it.
 */
public record SecurityAlert(long id, long userId, Long tokenId, AlertRule rule, Instant at, String ip, String userAgent,
                            String message, Map<String, String> details, boolean notified, Instant acknowledgedAt) {

    public SecurityAlert {
        details = Map.copyOf(details);
    }
}
