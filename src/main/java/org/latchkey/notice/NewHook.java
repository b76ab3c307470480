package org.latchkey.notice;

import java.time.Instant;
import java.util.List;

/** A hook to store; {@code sealedSecret} is its secret already encrypted with the server key. */
public record NewHook(long userId, String url, List<String> events, String sealedSecret, Instant createdAt) {

    public NewHook {
        events = List.copyOf(events);
    }
}
