package org.latchkey.trust;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latchkey.token.Permissions;

/**
 * Which CI jobs may get a job token for an owner (user or organisation) and what it reaches: the
 * issuer and the claim rules a job's ID token must satisfy, the owner's repositories (name and id,
 * so a re-created name is not covered) and npm packages, the permissions and the token's lifetime.
 * {@code createdBy} is the user who made it: the job tokens of an organisation's policy act through
 * that user's membership.
 */
public record TrustPolicy(long id, long ownerId, String ownerLogin, boolean orgOwned, long createdBy, String name,
                          String issuer, Map<String, ClaimRule> claims, Map<String, Long> repositories,
                          List<String> packages, Permissions permissions, int lifetimeMinutes, Instant createdAt) {

    public TrustPolicy {
        claims = Map.copyOf(claims);
        repositories = Map.copyOf(repositories);
        packages = List.copyOf(packages);
    }

    /** The rules of which the presented claims fail, empty when this policy matches them. */
    public List<Mismatch> mismatches(Map<String, Object> presented) {
        return claims.values().stream().sorted(java.util.Comparator.comparing(ClaimRule::claim))
                .map(rule -> rule.check(presented)).flatMap(Optional::stream).toList();
    }

    public Provider provider() {
        return Provider.of(issuer, claims);
    }
}
