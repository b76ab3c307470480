package org.latchkey.notice;

import java.util.Locale;

/** How a notice reaches its owner. */
public enum Channel {
    EMAIL, WEBHOOK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
