package org.latchkey.http.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.latchkey.HumanTime;
import org.latchkey.audit.AuditDetails;

/**
 * How pages write times: absolute in UTC, relative ("3 hours ago"), and whether an expiry is near;
 * and an audit event's details, as the CLI writes them.
 */
public final class WebFormat {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE, MMM d yyyy", java.util.Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    static final Duration SOON = Duration.ofDays(7);

    private final Clock clock;

    WebFormat(Clock clock) {
        this.clock = clock;
    }

    public String details(Map<String, String> details) {
        return AuditDetails.line(details);
    }

    public String time(Instant instant) {
        return instant == null ? "" : HumanTime.format(instant);
    }

    public String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }

    /** "just now", "5 minutes ago", "in 3 days": rounded to the nearest unit. */
    public String relative(Instant instant) {
        if (instant == null) {
            return "";
        }
        Duration between = Duration.between(clock.instant(), instant);
        boolean future = !between.isNegative();
        Duration span = between.abs();
        long minutes = Math.round(span.toSeconds() / 60.0);
        String amount;
        if (minutes < 1) {
            return "just now";
        } else if (minutes < 60) {
            amount = plural(minutes, "minute");
        } else if (minutes < 24 * 60) {
            amount = plural(Math.round(minutes / 60.0), "hour");
        } else if (minutes < 60 * 24 * 60) {
            amount = plural(Math.round(minutes / (24 * 60.0)), "day");
        } else {
            amount = plural(Math.round(minutes / (30 * 24 * 60.0)), "month");
        }
        return future ? "in " + amount : amount + " ago";
    }

    /** Before now. */
    public boolean isPast(Instant instant) {
        return instant != null && instant.isBefore(clock.instant());
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
