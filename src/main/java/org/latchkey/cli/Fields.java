package org.latchkey.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Labelled values printed one per line with the values aligned, for a single record. */
final class Fields {

    private record Field(String label, String value) {
    }

    private final List<Field> fields = new ArrayList<>();

    Fields add(String label, String value) {
        fields.add(new Field(label + ":", clean(value)));
        return this;
    }

    /** One value per line under one label; "-" when there is none. */
    Fields addLines(String label, List<String> values) {
        add(label, values.isEmpty() ? "-" : values.get(0));
        values.stream().skip(1).forEach(value -> fields.add(new Field("", clean(value))));
        return this;
    }

    void print(PrintWriter out) {
        int width = fields.stream().mapToInt(field -> field.label().length()).max().orElse(0);
        fields.forEach(field -> out.println(field.label() + " ".repeat(width - field.label().length() + 2) + field.value()));
        out.flush();
    }

    private static String clean(String value) {
        return value == null || value.isEmpty() ? "-" : value.replaceAll("\\p{Cntrl}", " ");
    }
}
