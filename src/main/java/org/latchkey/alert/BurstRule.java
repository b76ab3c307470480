package org.latchkey.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rule: a burst far above a token's usual rate. Its uses in the current clock hour (UTC, on every
 * node) exceed {@value #FACTOR} times its hourly average over the {@link #HISTORY} (7 days) before
 * that hour, or over the hours since its first use when it is younger, and reach the floor of
 * {@value #FLOOR} uses in the hour. A token needs {@link #MIN_HISTORY} (a day) of history before
 * it has a usual rate. One alert per token and hour.
 */
final class BurstRule {

    static final int FACTOR = 10;
    static final long FLOOR = 500;
    static final Duration HISTORY = Duration.ofDays(7);
    static final Duration MIN_HISTORY = Duration.ofDays(1);

    private BurstRule() {
    }

    /** The alert for the update, or null when its hour is no burst. */
    static NewAlert alert(PatternUpdate update) {
        UsagePattern before = update.before();
        if (before == null || update.hourUses() < FLOOR) {
            return null;
        }
        Instant since = before.firstUsedAt().isAfter(update.hour().minus(HISTORY))
                ? before.firstUsedAt() : update.hour().minus(HISTORY);
        long hours = Duration.between(since, update.hour()).toHours();
        if (hours < MIN_HISTORY.toHours()) {
            return null;
        }
        double average = (double) update.previousUses() / hours;
        if (update.hourUses() <= FACTOR * average) {
            return null;
        }
        String usual = String.format(java.util.Locale.ROOT, "%.1f", average);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("token_name", update.tokenName());
        details.put("hour", update.hour().toString());
        details.put("uses_in_hour", Long.toString(update.hourUses()));
        details.put("hourly_average", usual);
        details.put("average_over_hours", Long.toString(hours));
        String message = "Your token " + Alerts.token(update.tokenName(), update.tokenId()) + " was used "
                + update.hourUses() + " times in the hour from " + Alerts.time(update.hour()) + ", against "
                + usual + " an hour on average over the " + hours + " hours before. If you did not start something"
                + " that explains it, revoke the token now (latchkey token revoke " + update.tokenId() + ") and read"
                + " its usage (latchkey token usage " + update.tokenId() + ").";
        String key = AlertRule.USAGE_BURST.wireName() + ":" + update.tokenId() + ":" + update.hour().getEpochSecond();
        return new NewAlert(update.userId(), update.tokenId(), AlertRule.USAGE_BURST, update.at(), null, null, message,
                details, key);
    }
}
