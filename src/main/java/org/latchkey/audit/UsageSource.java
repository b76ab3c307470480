package org.latchkey.audit;

/**
 * Where an access decision for a real use was made: the API (inside a route, whose request takes
 * the use as its own, see {@link RequestUse}), a git request or an npm registry request, with its operation
 * and client; {@code sink}, when not null, takes the use instead of the usage log (the request's
 * passage through the gate, which records it as the request's one use).
 */
public record UsageSource(UsageKind kind, String operation, String ip, String userAgent, UsageSink sink) {

    /** A decision made by a service inside an API route: the use of the request the thread serves. */
    public static final UsageSource API = new UsageSource(UsageKind.API, null, null, null, null);

    public UsageSource(UsageKind kind, String operation, String ip, String userAgent) {
        this(kind, operation, ip, userAgent, null);
    }

    /** This source with its uses recorded by {@code sink}. */
    public UsageSource recordedBy(UsageSink sink) {
        return new UsageSource(kind, operation, ip, userAgent, sink);
    }

    public static UsageSource git(String operation, String ip, String userAgent) {
        return new UsageSource(UsageKind.GIT, operation, ip, userAgent);
    }

    /** An npm client's request, such as {@code npm publish @acme/tool}. */
    public static UsageSource npm(String operation, String ip, String userAgent) {
        return new UsageSource(UsageKind.NPM, operation, ip, userAgent);
    }
}
