package org.latchkey.notice;

import java.time.Instant;

/**
 * How one attempt went: the HTTP status when one came back (null for email, or when the request
 * failed before any answer), and a short error text that never holds a secret or a response body.
 */
public record Attempt(int attempt, Instant at, Integer statusCode, String error, long durationMillis) {

    public boolean succeeded() {
        return error == null;
    }
}
