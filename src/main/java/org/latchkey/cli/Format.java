package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** How values from the server's JSON are shown to people. */
final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Format() {
    }

    /** An ISO instant as {@code 2027-01-31 00:00 UTC}; {@code ifAbsent} when null or missing. */
    static String time(JsonNode node, String ifAbsent) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return ifAbsent;
        }
        try {
            return TIME.format(Instant.parse(node.asText()));
        } catch (DateTimeParseException e) {
            return node.asText();
        }
    }

    /** An array of strings as {@code repo, workflow}; empty when absent. */
    static String list(JsonNode node) {
        return String.join(", ", items(node));
    }

    /** An array's items as text; empty when absent or not an array. */
    static List<String> items(JsonNode node) {
        List<String> items = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(item -> items.add(text(item)));
        }
        return items;
    }

    /**
     * An object of names to levels as {@code contents=write, metadata=read}; an array as {@link #list};
     * empty when absent.
     */
    static String pairs(JsonNode node) {
        if (node == null || !node.isObject()) {
            return list(node);
        }
        List<String> pairs = new ArrayList<>();
        node.fields().forEachRemaining(field -> pairs.add(field.getKey() + "=" + text(field.getValue())));
        return String.join(", ", pairs);
    }

    /** A scalar as its text, anything else as compact JSON; empty when null or missing. */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
