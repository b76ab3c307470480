package org.latchkey.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Random JSON an attacker would send: values of every type where one is expected, huge and odd
 * numbers, hostile strings (control characters, lone surrogates, NUL, right-to-left marks,
 * token-shaped text, very long text), deep nesting, and bodies that are not JSON at all.
 */
final class HostileJson {

    /** A fake secret in the shape of a token: an answer or log line that repeats it repeats input it should not. */
    static final String FAKE_TOKEN = "lkp_" + "Fz".repeat(18);

    private static final List<String> STRINGS = List.of("", " ", "a", "admin", "fuzzorg", "public", "all", "never", "read",
            "write", "admin:org", "repo", "workflow", "self_rotate", "contents", "true", "null", "0", "-1", "1e999",
            "NaN", "2027-01-31T00:00:00Z", "2026-02-30T25:61:61Z", "9999-12-31T23:59:59Z", "+999999999-12-31T23:59:59Z",
            "http://127.0.0.1:1/hook", "https://[::1]/x", "ftp://x", "http://user:pw@127.0.0.1/", "javascript:alert(1)",
            "token.*", "*", "alert.new_ip", "' OR 1=1 --", "\"; DROP TABLE tokens; --", "../../etc/passwd", "%00", "%2e%2e/",
            "<script>alert(1)</script>", "\u0000", "a\u0000b", "\u202eevil", "日本語", "🙂", "ﬀ", "İ", "\r\nX-Injected: 1",
            "\t", FAKE_TOKEN, "lks_" + FAKE_TOKEN.substring(4), "lkf_" + FAKE_TOKEN.substring(4), "Fz".repeat(20));
    private static final List<String> NUMBERS = List.of("0", "-0", "1", "-1", "7", "30", "365", "366", "3650", "2147483647",
            "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "99999999999999999999999999999999999999", "1e400", "-1e400", "1.5", "1E2", "0.0000001", "1e-400", "1.0", "00",
            "123456789012345678901234567890.5");
    private static final List<String> RAW_VALUES = List.of("\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\u0000\"",
            "\"\\uDBFF\\uDFFF\"", "\"\\x41\"", "\"\\u00\"", "\"\u0001\"", "NaN", "Infinity", "-Infinity", "undefined", "'single'",
            "tru", "nul", "01", "+1", ".5", "0x10", "[]", "{}", "[null]", "{\"\":null}");

    private final Random random;

    HostileJson(Random random) {
        this.random = random;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A hostile string (not yet JSON-quoted). */
    String string() {
        return switch (random.nextInt(10)) {
            case 0 -> "x".repeat(1 + random.nextInt(random.nextInt(10) == 0 ? 70_000 : 600));
            case 1 -> randomText(1 + random.nextInt(40));
            default -> pick(STRINGS);
        };
    }

    /** Random code points from every plane, surrogates and controls included. */
    String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(4);
            int c = kind == 0 ? random.nextInt(0x20) : kind == 1 ? 0x20 + random.nextInt(0x60)
                    : kind == 2 ? random.nextInt(0x10000) : random.nextInt(0x110000);
            text.appendCodePoint(c);
        }
        return text.toString();
    }

    /** A JSON value of any type, sometimes nested, sometimes not valid JSON at all. */
    String value(List<String> fields, int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 9)) {
            case 0, 1 -> quote(string());
            case 2 -> pick(NUMBERS);
            case 3 -> random.nextBoolean() ? "true" : "false";
            case 4 -> "null";
            case 5 -> pick(RAW_VALUES);
            case 6 -> array(fields, depth + 1);
            case 7 -> object(fields, depth + 1);
            default -> nested();
        };
    }

    String array(List<String> fields, int depth) {
        StringBuilder array = new StringBuilder("[");
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            array.append(i == 0 ? "" : ",").append(value(fields, depth));
        }
        return array.append(']').toString();
    }

    /** An object with some of the given field names (and now and then another), each with a random value. */
    String object(List<String> fields, int depth) {
        StringBuilder object = new StringBuilder("{");
        int n = random.nextInt(7);
        for (int i = 0; i < n; i++) {
            String name = fields.isEmpty() || random.nextInt(8) == 0 ? string() : pick(fields);
            object.append(i == 0 ? "" : ",").append(quote(name)).append(':').append(value(fields, depth));
        }
        return object.append('}').toString();
    }

    /** Arrays or objects nested deeper than any parser should follow. */
    String nested() {
        int depth = 1 + random.nextInt(random.nextBoolean() ? 20 : 30_000);
        boolean arrays = random.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(random.nextInt(4) == 0 ? depth / 2 : depth);
    }

    /** A request body: JSON with the route's fields, broken JSON, or not JSON at all. */
    byte[] body(List<String> fields) {
        String json = object(fields, 0);
        return switch (random.nextInt(14)) {
            case 0 -> new byte[0];
            case 1 -> json.substring(0, random.nextInt(json.length())).getBytes(StandardCharsets.UTF_8);
            case 2 -> (json + pick(List.of("x", "}", ",", " {}", "\u0000"))).getBytes(StandardCharsets.UTF_8);
            case 3 -> withBadUtf8(json);
            case 4 -> ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8);
            case 5 -> json.getBytes(random.nextBoolean() ? StandardCharsets.UTF_16 : StandardCharsets.UTF_16LE);
            case 6 -> nested().getBytes(StandardCharsets.UTF_8);
            case 7 -> value(fields, 0).getBytes(StandardCharsets.UTF_8);
            case 8 -> bytes(1 + random.nextInt(random.nextInt(20) == 0 ? 80_000 : 300));
            case 9 -> duplicateKey(fields).getBytes(StandardCharsets.UTF_8);
            default -> json.getBytes(StandardCharsets.UTF_8);
        };
    }

    private String duplicateKey(List<String> fields) {
        String name = quote(fields.isEmpty() ? "a" : pick(fields));
        return "{" + name + ":1," + name + ":2}";
    }

    private byte[] withBadUtf8(String json) {
        byte[] valid = json.getBytes(StandardCharsets.UTF_8);
        byte[] bad = pick(List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3, 0x28}, new byte[] {(byte) 0xed, (byte) 0xa0,
                (byte) 0x80}, new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xc0, (byte) 0x80}));
        int at = valid.length < 2 ? 0 : 1 + random.nextInt(valid.length - 1);
        byte[] body = new byte[valid.length + bad.length];
        System.arraycopy(valid, 0, body, 0, at);
        System.arraycopy(bad, 0, body, at, bad.length);
        System.arraycopy(valid, at, body, at + bad.length, valid.length - at);
        return body;
    }

    byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The string as a JSON string literal, escaping only what JSON requires (lone surrogates stay as \\u escapes). */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
