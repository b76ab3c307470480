package org.latchkey;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Every refusal Latchkey gives, as a value: its kind, a stable code, the reason, an optional fix (a
 * sentence telling the caller what to do) and, for a refusal for now rather than for good, when to
 * try again. Never a secret. It is thrown, without a stack trace; {@link Kind} maps it to an HTTP
 * status and a CLI exit code, the one table every adapter uses. A subclass exists only where code
 * catches that refusal apart from the others.
 */
public class Refusal extends RuntimeException {

    /** What sort of refusal this is, with its HTTP status and the CLI's exit code for it. */
    public enum Kind {
        BAD_INPUT(400, 6),
        UNAUTHENTICATED(401, 3),
        FORBIDDEN(403, 4),
        NOT_FOUND(404, 5),
        CONFLICT(409, 6),
        INVALID_FIELD(422, 6),
        RATE_LIMITED(429, 7),
        TOO_LARGE(413, 6),
        UNAVAILABLE(503, 1);

        private final int httpStatus;
        private final int exitCode;

        Kind(int httpStatus, int exitCode) {
            this.httpStatus = httpStatus;
            this.exitCode = exitCode;
        }

        public int httpStatus() {
            return httpStatus;
        }

        public int exitCode() {
            return exitCode;
        }

        /** The kind answered with this HTTP status, if any (the CLI reads a server's answer back this way). */
        public static Optional<Kind> ofHttpStatus(int status) {
            for (Kind kind : values()) {
                if (kind.httpStatus == status) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** The code of every "authentication required" answer, whichever protocol gives it. */
    public static final String AUTHENTICATION_REQUIRED = "requires_authentication";
    /** The reason of every "authentication required" answer; each protocol adds how to authenticate. */
    public static final String AUTHENTICATION_REQUIRED_REASON = "Authentication required.";

    private final Kind kind;
    private final String code;
    private final String reason;
    private final String fix;
    private final Duration retryAfter;

    protected Refusal(Kind kind, String code, String reason, String fix, Duration retryAfter) {
        super(fix == null ? reason : reason + " " + fix, null, false, false);
        this.kind = kind;
        this.code = code;
        this.reason = reason;
        this.fix = fix;
        this.retryAfter = retryAfter;
    }

    public static Refusal of(Kind kind, String code, String reason) {
        return new Refusal(kind, code, reason, null, null);
    }

    public static Refusal of(Kind kind, String code, String reason, String fix) {
        return new Refusal(kind, code, reason, fix, null);
    }

    /** A path or id that names nothing, or nothing the caller may see: GitHub's bare "Not Found". */
    public static Refusal notFound() {
        return notFound("not_found", "Not Found");
    }

    /** No such thing of this sort for this caller (or it was deleted): the same answer either way. */
    public static Refusal noSuch(String what) {
        return notFound("not_found", "Not Found: no such " + what);
    }

    public static Refusal badInput(String code, String reason) {
        return of(Kind.BAD_INPUT, code, reason);
    }

    public static Refusal notFound(String code, String reason) {
        return of(Kind.NOT_FOUND, code, reason);
    }

    public static Refusal conflict(String code, String reason) {
        return of(Kind.CONFLICT, code, reason);
    }

    public static Refusal conflict(String code, String reason, String fix) {
        return of(Kind.CONFLICT, code, reason, fix);
    }

    public static Refusal tooLarge(String code, String reason) {
        return of(Kind.TOO_LARGE, code, reason);
    }

    /** A refusal for now, not for good (HTTP 429): says in how long to try again. */
    public static Refusal tryLater(String code, String reason, String fix, Duration retryAfter) {
        return new Refusal(Kind.RATE_LIMITED, code, reason, fix, retryAfter);
    }

    /** What this node cannot serve now though it exists (HTTP 503): another node, or this one later, may. */
    public static Refusal unavailable(String code, String reason, String fix) {
        return of(Kind.UNAVAILABLE, code, reason, fix);
    }

    /** An anonymous caller asking for what needs credentials; {@code fix} says how to give them in this protocol. */
    public static Refusal authenticationRequired(String fix) {
        return of(Kind.UNAUTHENTICATED, AUTHENTICATION_REQUIRED, AUTHENTICATION_REQUIRED_REASON, fix);
    }

    /** The time from {@code now} to {@code until} in whole seconds, at least one: what a Retry-After can say. */
    public static Duration until(Instant until, Instant now) {
        return Duration.ofSeconds(Math.max(1, Duration.between(now, until).toSeconds()));
    }

    public final Kind kind() {
        return kind;
    }

    /** A short machine-readable code, stable for clients. */
    public final String code() {
        return code;
    }

    /** What is refused and why, without the fix. */
    public final String reason() {
        return reason;
    }

    /** What the caller can do about it, when there is something to say. */
    public final Optional<String> fix() {
        return Optional.ofNullable(fix);
    }

    /** When to try again, for a refusal for now. */
    public final Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
