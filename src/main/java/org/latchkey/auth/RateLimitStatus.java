package org.latchkey.auth;

/**
 * Where a token stands in its current rate-limit window, as sent in the X-RateLimit headers;
 * {@code allowed} is false for a request past the allowance (it was not counted).
 */
public record RateLimitStatus(int limit, int remaining, int used, long resetEpochSecond, boolean allowed) {

    public static final RateLimitStatus UNLIMITED = new RateLimitStatus(0, 0, 0, 0, true);

    public boolean limited() {
        return limit > 0;
    }
}
