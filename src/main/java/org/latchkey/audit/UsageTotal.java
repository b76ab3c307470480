package org.latchkey.audit;

import java.time.Instant;

/**
 * A token's uses of one kind over a window, summed across rows: a route or an action on a target,
 * with the owner's login and the repository's name as they are now (null for a repository since
 * deleted), how many times, and the first and last moments.
 */
public record UsageTotal(UsageKind kind, String operation, String action, Long ownerId, String ownerLogin,
                         Long repositoryId, String repositoryName, Boolean isPrivate, String accepted, boolean allowed,
                         long uses, Instant firstAt, Instant lastAt) {

    public boolean isRoute() {
        return action == null;
    }
}
