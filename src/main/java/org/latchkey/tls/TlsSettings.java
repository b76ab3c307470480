package org.latchkey.tls;

import java.time.Duration;

/**
 * HTTPS on the server's port: where the certificate comes from, the plain-HTTP port that only
 * redirects to HTTPS (0: none), and how often the certificate files are checked for a renewal.
 */
public record TlsSettings(TlsSource source, int redirectPort, Duration reloadInterval) {

    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);

    public TlsSettings {
        if (redirectPort < 0 || redirectPort > 65535) {
            throw new IllegalArgumentException("the HTTP redirect port must be between 1 and 65535, was " + redirectPort);
        }
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("the certificate reload interval must be positive");
        }
    }

    public TlsSettings(TlsSource source) {
        this(source, 0, DEFAULT_RELOAD_INTERVAL);
    }

    public TlsSettings withRedirectPort(int port) {
        return new TlsSettings(source, port, reloadInterval);
    }

    public TlsSettings withReloadInterval(Duration interval) {
        return new TlsSettings(source, redirectPort, interval);
    }

    @Override
    public String toString() {
        return "https from " + source + (redirectPort == 0 ? "" : ", http redirect port " + redirectPort);
    }
}
