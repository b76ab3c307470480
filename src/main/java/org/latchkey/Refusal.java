package org.latchkey;

/**
 * Base of every refusal Latchkey gives: a value with a kind and a reason, never a secret.
 * Adapters map the kind to an HTTP status or a CLI exit code in one place each.
 */
public abstract class Refusal extends RuntimeException {

    /** What sort of refusal this is; the HTTP and CLI adapters map each kind once. */
    public enum Kind { BAD_INPUT, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, INVALID_FIELD, RATE_LIMITED, TOO_LARGE }

    protected Refusal(String message) {
        super(message, null, false, false);
    }

    public abstract Kind kind();

    /** A short machine-readable code, stable for clients. */
    public abstract String code();
}
