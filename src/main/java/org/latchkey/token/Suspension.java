package org.latchkey.token;

import java.time.Instant;
import java.util.Objects;

/**
 * Why a token is set aside for now: when and by whom (a login). A token suspended by someone other
 * than its owner (an administrator responding to a breach) is resumed only by an administrator.
 */
public record Suspension(Instant at, String by) {

    public Suspension {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(by, "by");
    }
}
