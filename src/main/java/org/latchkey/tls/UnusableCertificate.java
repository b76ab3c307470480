package org.latchkey.tls;

/** A certificate, key or keystore the server cannot serve with, and why (never a password). */
public final class UnusableCertificate extends IllegalArgumentException {

    UnusableCertificate(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
