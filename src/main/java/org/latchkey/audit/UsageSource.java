package org.latchkey.audit;

/**
 * Where an access decision for a real use was made: the API (inside a route, which is recorded on
 * its own with the client's address), a git request or an npm registry request, with its operation
 * and client.
 */
public record UsageSource(UsageKind kind, String operation, String ip, String userAgent) {

    /** A decision made by a service inside an API route. */
    public static final UsageSource API = new UsageSource(UsageKind.API, null, null, null);

    public static UsageSource git(String operation, String ip, String userAgent) {
        return new UsageSource(UsageKind.GIT, operation, ip, userAgent);
    }

    /** An npm client's request, such as {@code npm publish @acme/tool}. */
    public static UsageSource npm(String operation, String ip, String userAgent) {
        return new UsageSource(UsageKind.NPM, operation, ip, userAgent);
    }
}
