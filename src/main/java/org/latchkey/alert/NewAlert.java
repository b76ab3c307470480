package org.latchkey.alert;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.latchkey.notice.Notice;

/**
 * An alert a rule raises, before it is stored: for whose account, about which token (null for
 * none), from where, what a person reads ({@code message}) and the facts a program reads
 * ({@code details}). {@code key} names the alert so that raising it again (on any node) does
 * nothing. None of it may hold a secret.
 */
public record NewAlert(long userId, Long tokenId, AlertRule rule, Instant at, String ip, String userAgent,
                       String message, Map<String, String> details, String key) {

    /** Longer user agents are cut to this many characters, as the usage log cuts them. */
    public static final int MAX_USER_AGENT = 512;

    public NewAlert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(key, "key");
        if (key.length() > Notice.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("an alert key is at most " + Notice.MAX_KEY_LENGTH + " characters");
        }
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
    }
}
