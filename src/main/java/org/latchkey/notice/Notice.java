package org.latchkey.notice;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something an account's owner must be told, by email and by the webhooks they registered.
 *
 * <p>{@code event} names the kind of notice ({@code token.expiring}, {@code alert.new_ip}, …);
 * {@code key} makes telling idempotent: a second notice with a key already told is dropped, so a
 * job that runs again after a restart never tells twice. {@code fields} are the facts a webhook
 * receives as JSON (token id, expiry, …); {@code subject} and {@code text} are what a person reads.
 * None of them may hold a secret.
 */
public record Notice(long userId, String event, String key, String subject, String text, Map<String, String> fields) {

    public static final int MAX_KEY_LENGTH = 200;

    public Notice {
        requireText(event, "event");
        requireText(key, "key");
        requireText(subject, "subject");
        requireText(text, "text");
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a notice key is at most " + MAX_KEY_LENGTH + " characters");
        }
        Objects.requireNonNull(fields, "fields");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a notice needs a " + name);
        }
    }
}
