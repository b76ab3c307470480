package org.latchkey.alert;

import java.time.Duration;

/**
 * How many alerts an account's owner is told of within a sliding window: at most {@code perRule}
 * of one rule and {@code perUser} in all. Alerts beyond are still stored and listed, and the next
 * notice says how many were held back, so an attacker cannot flood an inbox.
 */
public record AlertLimits(int perRule, int perUser, Duration window) {

    /** Three of a rule and ten in all per hour. */
    public static final AlertLimits DEFAULT = new AlertLimits(3, 10, Duration.ofHours(1));

    public AlertLimits {
        if (perRule < 0 || perUser < 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("alert limits must not be negative, were " + perRule + ", " + perUser
                    + " per " + window);
        }
    }

    /** Whether one more alert may be told, given how many of its rule and in all were told in the window. */
    public boolean allows(int toldForRule, int toldForUser) {
        return toldForRule < perRule && toldForUser < perUser;
    }
}
