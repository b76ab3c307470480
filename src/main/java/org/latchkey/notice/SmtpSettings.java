package org.latchkey.notice;

import java.time.Duration;

/**
 * Where email goes out: an SMTP server, with a user and password when it wants them. The password
 * never appears in {@link #toString()}.
 */
public record SmtpSettings(String host, int port, String user, String password, String from, SmtpTls tls,
                           Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public SmtpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the SMTP host is required");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the SMTP port must be from 1 to 65535, was " + port);
        }
        if (from == null || !from.contains("@")) {
            throw new IllegalArgumentException("the sender address (--smtp-from) is required, e.g. latchkey@example.com");
        }
        if (user != null && user.isBlank()) {
            user = null;
        }
        if (password != null && password.isEmpty()) {
            password = null;
        }
        if (password != null && user == null) {
            throw new IllegalArgumentException("an SMTP password needs an SMTP user");
        }
        tls = tls == null ? SmtpTls.NONE : tls;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** The usual port for the TLS mode: 25 plain, 587 STARTTLS, 465 TLS. */
    public static int defaultPort(SmtpTls tls) {
        return switch (tls) {
            case NONE -> 25;
            case STARTTLS -> 587;
            case TLS -> 465;
        };
    }

    @Override
    public String toString() {
        return "smtp://" + (user == null ? "" : user + (password == null ? "" : ":***") + "@") + host + ":" + port
                + " (tls=" + tls.wireName() + ", from=" + from + ")";
    }
}
