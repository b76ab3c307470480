package org.latchkey.cli;

import java.util.regex.Pattern;

/** Last line of defence: hides anything shaped like a Latchkey token before it is shown. */
final class Secrets {

    private static final Pattern TOKEN = Pattern.compile("\\blk[psf]_[0-9A-Za-z]{8,}");

    private Secrets() {
    }

    static String redact(String text) {
        return text == null ? null : TOKEN.matcher(text).replaceAll(match -> match.group().substring(0, 4) + "[REDACTED]");
    }
}
