package org.latchkey.notice;

import java.time.Instant;
import java.util.List;

/**
 * A webhook a user registered: notices whose event it subscribes to are POSTed to {@code url},
 * signed with its secret (which is kept encrypted by the store and is not part of this record).
 * An event pattern is an event name ({@code token.expiring}), a prefix ({@code alert.*}) or
 * {@code *} for every event.
 */
public record Hook(long id, long userId, String url, List<String> events, Instant createdAt) {

    public Hook {
        events = List.copyOf(events);
    }

    /** Whether a notice of this event goes to this hook. */
    public boolean wants(String event) {
        for (String pattern : events) {
            if (pattern.equals("*") || pattern.equals(event)
                    || pattern.endsWith(".*") && event.startsWith(pattern.substring(0, pattern.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
