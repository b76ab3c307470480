package org.latchkey.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One request as written on the wire: a method and request target as given (they may be
 * malformed), header lines, and a body sent with its Content-Length unless a header line already
 * frames it. {@code git} marks requests to the git endpoint, whose refusals are plain text.
 */
record FuzzRequest(String method, String target, List<String> headers, byte[] body, boolean git) {

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.UTF_8));
        for (String header : headers) {
            out.writeBytes((header + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!framed() && (body.length > 0 || !method.equals("GET") && !method.equals("HEAD"))) {
            out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Whether the headers frame the body themselves (chunked, or a Content-Length of their own). */
    boolean framed() {
        return headers.stream().anyMatch(h -> h.regionMatches(true, 0, "Content-Length:", 0, 15)
                || h.regionMatches(true, 0, "Transfer-Encoding:", 0, 18));
    }

    boolean head() {
        return method.equals("HEAD");
    }

    /** The request as a failure message shows it: control characters escaped, long parts cut. */
    String describe() {
        return printable(method + " " + target, 300) + "\n  headers: " + printable(String.join(" | ", headers), 600)
                + "\n  body (" + body.length + " bytes): " + printable(new String(body, StandardCharsets.ISO_8859_1), 600);
    }

    static String printable(String text, int max) {
        String cut = text.length() > max ? text.substring(0, max) + "…" : text;
        StringBuilder shown = new StringBuilder();
        cut.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\x%02x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }
}
