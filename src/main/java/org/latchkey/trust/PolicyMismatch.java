package org.latchkey.trust;

import java.util.List;
import java.util.stream.Collectors;

/** Why one policy of an owner did not match a job: for that owner's security log only. */
public record PolicyMismatch(long policyId, String policyName, long ownerId, String ownerLogin, List<Mismatch> mismatches) {

    public PolicyMismatch {
        mismatches = List.copyOf(mismatches);
    }

    /** "policy release (7): ref: expected refs/tags/v*, presented refs/heads/main; …". */
    public String describe() {
        return "policy " + policyName + " (" + policyId + "): "
                + mismatches.stream().map(Mismatch::describe).collect(Collectors.joining("; "));
    }
}
