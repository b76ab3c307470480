package org.latchkey.token;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.latchkey.InvalidField;
import org.latchkey.Text;

/** The permissions of a fine-grained token; {@code metadata=read} is always granted. */
public final class Permissions {

    private final Map<Permission, Level> levels;

    private Permissions(EnumMap<Permission, Level> levels) {
        levels.put(Permission.METADATA, Level.READ);
        this.levels = Collections.unmodifiableMap(levels);
    }

    public static Permissions of(Map<Permission, Level> levels) {
        return new Permissions(levels.isEmpty() ? new EnumMap<>(Permission.class) : new EnumMap<>(levels));
    }

    /** Parses {@code {"contents":"write",…}}; 422 naming the first unknown permission or level. */
    public static Permissions parse(Map<String, String> wire) {
        EnumMap<Permission, Level> levels = new EnumMap<>(Permission.class);
        for (Map.Entry<String, String> entry : wire.entrySet()) {
            Permission permission = Permission.fromWireName(entry.getKey()).orElseThrow(() ->
                    InvalidField.invalid("permissions", "unknown permission " + Text.quoted(entry.getKey(), "(not shown)")));
            Level level = entry.getValue() == null ? null : Level.fromWireName(entry.getValue()).orElse(null);
            if (level == null || !permission.levels().contains(level)) {
                throw InvalidField.invalid("permissions", permission.wireName() + " can be "
                        + permission.levels().stream().map(Level::wireName).collect(Collectors.joining(" or "))
                        + ", not " + Text.quoted(entry.getValue(), "that"));
            }
            levels.put(permission, level);
        }
        return new Permissions(levels);
    }

    /** Reads the stored form written by {@link #encode()}; unknown entries are dropped. */
    public static Permissions decode(String stored) {
        EnumMap<Permission, Level> levels = new EnumMap<>(Permission.class);
        if (stored != null && !stored.isEmpty()) {
            for (String pair : stored.split(",")) {
                String[] parts = pair.split("=", 2);
                if (parts.length == 2) {
                    Permission.fromWireName(parts[0]).ifPresent(permission ->
                            Level.fromWireName(parts[1]).ifPresent(level -> levels.put(permission, level)));
                }
            }
        }
        return new Permissions(levels);
    }

    public String encode() {
        return levels.entrySet().stream().map(e -> e.getKey().wireName() + "=" + e.getValue().wireName())
                .collect(Collectors.joining(","));
    }

    public boolean allows(Permission permission, Level needed) {
        Level granted = levels.get(permission);
        return granted != null && granted.covers(needed);
    }

    /** As the API shows them: {@code {"contents":"write","metadata":"read"}}. */
    public Map<String, String> wire() {
        Map<String, String> wire = new LinkedHashMap<>();
        levels.forEach((permission, level) -> wire.put(permission.wireName(), level.wireName()));
        return wire;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Permissions that && levels.equals(that.levels);
    }

    @Override
    public int hashCode() {
        return levels.hashCode();
    }

    @Override
    public String toString() {
        return encode();
    }
}
