package org.latchkey.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Labelled values printed one per line with the values aligned, for a single record. */
final class Fields {

    private final Map<String, String> fields = new LinkedHashMap<>();

    Fields add(String label, String value) {
        fields.put(label + ":", value == null || value.isEmpty() ? "-" : value.replaceAll("\\p{Cntrl}", " "));
        return this;
    }

    void print(PrintWriter out) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        fields.forEach((label, value) -> out.println(label + " ".repeat(width - label.length() + 2) + value));
        out.flush();
    }
}
