package org.latchkey.token;

/** Whether a token can be used at a given moment. */
public enum TokenState {
    ACTIVE, SUSPENDED, EXPIRED, REVOKED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
