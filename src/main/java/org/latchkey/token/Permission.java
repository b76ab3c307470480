package org.latchkey.token;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A fine-grained token permission, as GitHub names them, with the levels it can be granted at. */
public enum Permission {
    CONTENTS(Level.READ, Level.WRITE),
    METADATA(Level.READ),
    WORKFLOWS(Level.WRITE),
    ADMINISTRATION(Level.READ, Level.WRITE),
    PACKAGES(Level.READ, Level.WRITE, Level.ADMIN),
    MEMBERS(Level.READ, Level.WRITE);

    private final List<Level> levels;

    Permission(Level... levels) {
        this.levels = List.of(levels);
    }

    public List<Level> levels() {
        return levels;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Permission> fromWireName(String name) {
        for (Permission permission : values()) {
            if (permission.wireName().equals(name)) {
                return Optional.of(permission);
            }
        }
        return Optional.empty();
    }
}
