package org.latchkey.notice;

import java.util.Locale;

/** How the connection to the SMTP server is protected. */
public enum SmtpTls {
    /** Plain SMTP (a relay on localhost, say). */
    NONE,
    /** Plain connection upgraded with STARTTLS, which is required: no fallback to plain text. */
    STARTTLS,
    /** TLS from the first byte (SMTPS, usually port 465). */
    TLS;

    public static SmtpTls parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("SMTP TLS must be none, starttls or tls, was " + value);
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
