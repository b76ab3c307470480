package org.latchkey.audit;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * An audit event's details on one line, the same for the CLI's {@code audit} table and the web
 * security log: {@code key=value} in key order, a value quoted when it is empty or holds a space, a
 * quote, an equals sign or a backslash, and control characters written as {@code \\uXXXX} so no
 * value can move a terminal's cursor.
 */
public final class AuditDetails {

    private AuditDetails() {
    }

    public static String line(Map<String, String> details) {
        StringJoiner line = new StringJoiner(" ");
        new TreeMap<>(details).forEach((key, value) -> line.add(plain(key) + "=" + value(value == null ? "" : value)));
        return line.toString();
    }

    private static String value(String value) {
        boolean quote = value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '='
                || c == '\\');
        return quote ? "\"" + plain(value.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"" : plain(value);
    }

    private static String plain(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.append((char) c);
            }
        });
        return shown.toString();
    }
}
