package org.latchkey.notice;

import java.util.Locale;

/**
 * Where a delivery stands: {@code PENDING} until its next attempt is due, {@code SENDING} while a
 * dispatcher holds it, then {@code DELIVERED}, {@code FAILED} (every attempt failed) or
 * {@code CANCELLED} (its hook was deleted, or the owner's address removed, before it went out).
 */
public enum DeliveryState {
    PENDING, SENDING, DELIVERED, FAILED, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
