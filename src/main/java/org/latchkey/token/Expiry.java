package org.latchkey.token;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.latchkey.InvalidField;

/**
 * How long a new secret should live, as a client asks for it: a number of days, an instant, never,
 * or (nothing asked) the 30-day default. Resolved against the clock at the moment of issue.
 */
public record Expiry(Integer days, String at, String never) {

    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 3650;
    public static final Expiry DEFAULT = new Expiry(null, null, null);

    public static Expiry inDays(int days) {
        return new Expiry(days, null, null);
    }

    /** The expiry instant, or null for a token that never expires; 422 naming the field otherwise. */
    public Instant resolve(Instant now) {
        int given = (days != null ? 1 : 0) + (at != null ? 1 : 0) + (never != null ? 1 : 0);
        if (given > 1) {
            throw InvalidField.invalid("expires_at", "give only one of expires_in_days, expires_at and expires");
        }
        if (never != null) {
            if (!never.equals("never")) {
                throw InvalidField.invalid("expires", "the only accepted value is \"never\"");
            }
            return null;
        }
        if (at != null) {
            return parseInstant(at, now);
        }
        int wanted = days == null ? DEFAULT_DAYS : days;
        if (wanted < 1 || wanted > MAX_DAYS) {
            throw InvalidField.invalid("expires_in_days", "must be between 1 and " + MAX_DAYS + ", was " + wanted);
        }
        return now.plus(Duration.ofDays(wanted)).truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant parseInstant(String text, Instant now) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidField.invalid("expires_at", "is not an ISO-8601 instant such as 2027-01-31T00:00:00Z");
        }
        if (!instant.isAfter(now)) {
            throw InvalidField.invalid("expires_at", "is in the past");
        }
        if (instant.isAfter(now.plus(Duration.ofDays(MAX_DAYS)))) {
            throw InvalidField.invalid("expires_at", "is more than " + MAX_DAYS + " days away; use \"expires\": \"never\"");
        }
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
