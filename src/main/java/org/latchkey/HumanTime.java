package org.latchkey;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one way Latchkey writes an instant for people, as GitHub does: {@code 2026-12-25 08:00:00 UTC}. */
public final class HumanTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private HumanTime() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
