package org.latchkey.trust;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.latchkey.token.Permissions;

/** A validated trust policy about to be stored. */
public record NewTrustPolicy(long ownerId, long createdBy, String name, String issuer, Map<String, ClaimRule> claims,
                             Map<String, Long> repositories, List<String> packages, Permissions permissions,
                             int lifetimeMinutes, Instant createdAt) {
}
