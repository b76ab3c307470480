package org.latchkey.git;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Names the part of a raw commit or tag object that a line falls in: its message, or the header
 * (author, committer, tagger, tag name) the line belongs to; other headers are "a header", since
 * a header's own name could hold the secret.
 */
final class Headers {

    private static final Set<String> NAMED = Set.of("author", "committer", "tagger", "tag");

    private Headers() {
    }

    /** Where 1-based {@code line} of {@code raw} stands, for a {@code kind} ("commit" or "tag") named {@code name}. */
    static String of(byte[] raw, int line, String kind, String name) {
        String header = headerAt(raw, line);
        if (header == null) {
            return "the " + kind + " message of " + name;
        }
        if (!NAMED.contains(header)) {
            return "a header of " + kind + " " + name;
        }
        return "the " + (header.equals("tag") ? "tag name" : header) + " of " + kind + " " + name;
    }

    /** The header line {@code line} belongs to (a continuation line belongs to the one above), or null in the message. */
    private static String headerAt(byte[] raw, int line) {
        String header = null;
        int start = 0;
        for (int current = 1; current <= line && start < raw.length; current++) {
            int end = endOfLine(raw, start);
            if (end == start) {
                return null;
            }
            if (raw[start] != ' ') {
                header = new String(raw, start, wordEnd(raw, start, end) - start, StandardCharsets.UTF_8);
            }
            start = end + 1;
        }
        return header;
    }

    private static int endOfLine(byte[] raw, int from) {
        int end = from;
        while (end < raw.length && raw[end] != '\n') {
            end++;
        }
        return end;
    }

    private static int wordEnd(byte[] raw, int from, int end) {
        int i = from;
        while (i < end && raw[i] != ' ') {
            i++;
        }
        return i;
    }
}
