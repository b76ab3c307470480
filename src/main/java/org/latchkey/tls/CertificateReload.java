package org.latchkey.tls;

import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the certificate its files hold now: reads them at start, then every so often compares
 * their contents with those served, and hands a changed pair that loads to {@code onChange} (a
 * renewal by certbot needs no restart). Files caught half-written (a new certificate with the old
 * key, a cut-short PEM, a file renamed away) are logged once and ignored: the certificate served
 * so far stays until the files make a usable pair again.
 */
public final class CertificateReload implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateReload.class);

    private final TlsSource source;
    private final KeyStore first;
    private Consumer<KeyStore> onChange = keyStore -> { };
    private String served;
    private String refused;
    private ScheduledExecutorService executor;

    /** Loads the source now; UnusableCertificate when it cannot serve. */
    public CertificateReload(TlsSource source) {
        this.source = source;
        TlsSource.Snapshot snapshot = source.read();
        this.first = source.load(snapshot);
        this.served = snapshot.digest();
        LOG.info("TLS certificate from {}: {}", source, Keys.describe(first));
    }

    /** The keystore loaded at start (its keys under {@link TlsSource#KEY_PASSWORD}). */
    public KeyStore first() {
        return first;
    }

    /** Where a changed, usable keystore goes. */
    public CertificateReload onChange(Consumer<KeyStore> onChange) {
        this.onChange = onChange;
        return this;
    }

    /** Checks the files now (as the watch does every interval); answers whether a new certificate is served. */
    public synchronized boolean check() {
        TlsSource.Snapshot snapshot;
        try {
            snapshot = source.read();
        } catch (UnusableCertificate e) {
            refuse("unreadable " + e.getMessage(), e);
            return false;
        }
        String digest = snapshot.digest();
        if (digest.equals(served) || digest.equals(refused)) {
            return false;
        }
        KeyStore keyStore;
        try {
            keyStore = source.load(snapshot);
        } catch (UnusableCertificate e) {
            refuse(digest, e);
            return false;
        }
        try {
            onChange.accept(keyStore);
        } catch (RuntimeException e) {
            refused = digest;
            LOG.warn("TLS certificate from {} could not be applied, the one served so far stays: {}", source,
                    e.getClass().getName());
            return false;
        }
        served = digest;
        refused = null;
        LOG.info("TLS certificate reloaded from {}: {}", source, Keys.describe(keyStore));
        return true;
    }

    private void refuse(String what, UnusableCertificate e) {
        if (!what.equals(refused)) {
            refused = what;
            LOG.warn("TLS certificate files changed but cannot be used yet, the certificate served so far stays: {}",
                    e.getMessage());
        }
    }

    /** Checks the files every {@code interval} on a daemon thread, until closed. */
    public CertificateReload watch(Duration interval) {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "latchkey-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::checkQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("TLS certificate check failed: {}", e.getClass().getName());
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
