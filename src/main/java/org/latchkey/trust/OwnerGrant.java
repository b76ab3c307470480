package org.latchkey.trust;

import java.util.List;
import java.util.Set;
import org.latchkey.token.Permissions;

/**
 * What the matching policies of one owner grant a job, together: the union of their repositories,
 * packages and permissions, for the shortest of their lifetimes. {@code tokenUserId} is the account
 * the job token acts through: the user owning the policies, or for an organisation the creator of
 * its oldest matching policy.
 */
public record OwnerGrant(long ownerId, String ownerLogin, boolean orgOwned, long tokenUserId, Set<Long> repositoryIds,
                         List<String> repositories, List<String> packages, Permissions permissions, int lifetimeMinutes,
                         List<Long> policyIds) {

    public OwnerGrant {
        repositoryIds = Set.copyOf(repositoryIds);
        repositories = List.copyOf(repositories);
        packages = List.copyOf(packages);
        policyIds = List.copyOf(policyIds);
    }
}
