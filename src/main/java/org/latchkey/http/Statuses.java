package org.latchkey.http;

import org.latchkey.Refusal;

/** The HTTP status of each kind of refusal: the one mapping, used by the API and the git endpoint alike. */
public final class Statuses {

    private Statuses() {
    }

    public static int of(Refusal.Kind kind) {
        return switch (kind) {
            case BAD_INPUT -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID_FIELD -> 422;
            case RATE_LIMITED -> 429;
            case TOO_LARGE -> 413;
        };
    }
}
