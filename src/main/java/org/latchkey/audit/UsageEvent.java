package org.latchkey.audit;

/**
 * One use of a personal access token, as queued on the request thread: either an API route
 * ({@code operation} "GET /api/v1/user", {@code accepted} the scopes the route accepts, one of
 * which a classic token needs) or an allowed access decision ({@code action}, the wire name of the
 * action, on owner {@code ownerId} and, unless 0, repository {@code repositoryId}; made by an API
 * request, it names the request's route too). Ids are 0 when
 * absent, so that building an event boxes nothing; {@code allowed} is false for a route refused for
 * want of a scope or permission.
 */
public record UsageEvent(long tokenId, long atMillis, UsageKind kind, String operation, String action, long ownerId,
                         long repositoryId, boolean isPrivate, String accepted, String ip, String userAgent,
                         boolean allowed) {

    /** An API route, allowed or refused for want of a scope or permission. */
    public static UsageEvent route(long tokenId, long atMillis, String operation, String accepted, String ip,
                                   String userAgent, boolean allowed) {
        return new UsageEvent(tokenId, atMillis, UsageKind.API, operation, null, 0, 0, false, accepted, ip, userAgent,
                allowed);
    }

    /**
     * This use as an API request made it: the request's route as the operation, with the scopes
     * the route accepts, from the client's address and agent.
     */
    public UsageEvent madeBy(String route, String accepted, String ip, String userAgent) {
        return new UsageEvent(tokenId, atMillis, UsageKind.API, route, action, ownerId, repositoryId, isPrivate, accepted,
                ip, userAgent, allowed);
    }

    public boolean hasTarget() {
        return ownerId != 0;
    }
}
