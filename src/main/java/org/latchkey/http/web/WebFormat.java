package org.latchkey.http.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.latchkey.HumanTime;

/** How pages write times: absolute in UTC, relative ("3 hours ago"), and whether an expiry is near. */
public final class WebFormat {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE, MMM d yyyy", java.util.Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    static final Duration SOON = Duration.ofDays(7);

    private final Clock clock;

    WebFormat(Clock clock) {
        this.clock = clock;
    }

    public String time(Instant instant) {
        return instant == null ? "" : HumanTime.format(instant);
    }

    public String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }

    /** "just now", "5 minutes ago", "in 3 days". */
    public String relative(Instant instant) {
        if (instant == null) {
            return "";
        }
        Duration between = Duration.between(clock.instant(), instant);
        boolean future = !between.isNegative();
        Duration span = between.abs();
        String amount;
        if (span.toMinutes() < 1) {
            return "just now";
        } else if (span.toHours() < 1) {
            amount = plural(span.toMinutes(), "minute");
        } else if (span.toDays() < 1) {
            amount = plural(span.toHours(), "hour");
        } else if (span.toDays() < 60) {
            amount = plural(span.toDays(), "day");
        } else {
            amount = plural(span.toDays() / 30, "month");
        }
        return future ? "in " + amount : amount + " ago";
    }

    /** Expires within 7 days from now (and has not yet). */
    public boolean expiresSoon(Instant expiresAt) {
        Instant now = clock.instant();
        return expiresAt != null && expiresAt.isAfter(now) && expiresAt.isBefore(now.plus(SOON));
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
