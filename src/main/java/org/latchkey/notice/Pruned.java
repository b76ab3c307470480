package org.latchkey.notice;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** How many rows a retention run deleted, per table (a table it left alone has none). */
public record Pruned(Map<Table, Integer> rows) {

    /** The tables that retention prunes; the usage log prunes its own. */
    public enum Table {
        NOTICES, NOTICE_FANOUTS, NOTICE_DELIVERIES, NOTICE_DELIVERY_ATTEMPTS, SECURITY_ALERTS, TOKEN_PATTERNS,
        TOKEN_SIGHTINGS, TOKEN_HOURLY_USES;

        public String tableName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Pruned NONE = new Pruned(Map.of());

    public Pruned {
        Map<Table, Integer> counted = new EnumMap<>(Table.class);
        rows.forEach((table, count) -> {
            if (count > 0) {
                counted.put(table, count);
            }
        });
        rows = Collections.unmodifiableMap(counted);
    }

    public static Pruned of(Table table, int count) {
        return new Pruned(Map.of(table, count));
    }

    public Pruned plus(Pruned other) {
        Map<Table, Integer> sum = new EnumMap<>(Table.class);
        sum.putAll(rows);
        other.rows.forEach((table, count) -> sum.merge(table, count, Integer::sum));
        return new Pruned(sum);
    }

    public int rows(Table table) {
        return rows.getOrDefault(table, 0);
    }

    public int total() {
        return rows.values().stream().mapToInt(Integer::intValue).sum();
    }
}
