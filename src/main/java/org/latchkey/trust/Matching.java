package org.latchkey.trust;

import java.util.List;
import java.util.Optional;
import org.latchkey.Refusal;

/**
 * The outcome of matching a job's ID token against every policy naming its issuer: a grant per
 * owner with at least one matching policy, and why each other policy did not match.
 */
public record Matching(List<OwnerGrant> grants, List<PolicyMismatch> mismatches) {

    public Matching {
        grants = List.copyOf(grants);
        mismatches = List.copyOf(mismatches);
    }

    /**
     * The one owner a job token is minted for. A job token has one owner: with policies of several
     * owners matching, the request must name one ({@code owner}, a login); with none matching, or the
     * named owner not among them, the answer is {@code no_matching_policy}, which names no policy
     * (the explanations go to the owners' security log).
     */
    public OwnerGrant choose(String owner) {
        List<OwnerGrant> candidates = owner == null || owner.isEmpty() ? grants
                : grants.stream().filter(grant -> grant.ownerLogin().equalsIgnoreCase(owner)).toList();
        if (candidates.isEmpty()) {
            throw Refusal.of(Refusal.Kind.FORBIDDEN, "no_matching_policy", "No trust policy"
                    + (owner == null || owner.isEmpty() ? "" : " of that owner") + " matches this job's ID token.",
                    "Ask the owner to check their trusted publishers: their security log says which claim did not match.");
        }
        if (candidates.size() > 1) {
            throw Refusal.conflict("ambiguous_owner", "Trust policies of more than one owner match this job's ID token;"
                    + " a job token has one owner.", "Name the owner in the exchange (owner=LOGIN).");
        }
        return candidates.get(0);
    }

    public Optional<OwnerGrant> of(long ownerId) {
        return grants.stream().filter(grant -> grant.ownerId() == ownerId).findFirst();
    }
}
