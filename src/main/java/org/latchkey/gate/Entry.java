package org.latchkey.gate;

import org.latchkey.audit.UsageKind;
import org.latchkey.auth.Requirement;

/**
 * What a request asks of the {@link Gate}: its protocol, its operation as the usage log names it
 * ({@code GET /api/v1/user}, {@code git-upload-pack}), what it demands of the caller, and whether
 * a caller without credentials may come in (to read what is public). Built once per route.
 */
public record Entry(UsageKind kind, String operation, Requirement requirement, boolean anonymous) {

    /** An API route: credentials are required, and the route's own use is recorded. */
    public static Entry route(String route, Requirement requirement) {
        return new Entry(UsageKind.API, route, requirement, false);
    }

    /** A git smart-HTTP service; anyone may ask, and the repository's decision says who may have it. */
    public static Entry git(String service) {
        return new Entry(UsageKind.GIT, service, Requirement.anyToken(), true);
    }

    /** Whether the request's own use is recorded when nothing more precise was decided (API routes). */
    boolean recordsRoute() {
        return kind == UsageKind.API;
    }
}
