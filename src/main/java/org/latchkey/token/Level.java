package org.latchkey.token;

import java.util.Locale;
import java.util.Optional;

/** How much a fine-grained permission allows; each level includes the ones below it. */
public enum Level {
    READ, WRITE, ADMIN;

    public boolean covers(Level needed) {
        return compareTo(needed) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Level> fromWireName(String name) {
        for (Level level : values()) {
            if (level.wireName().equals(name)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
