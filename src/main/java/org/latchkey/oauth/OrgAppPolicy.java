package org.latchkey.oauth;

import java.util.Set;

/** Whether an organisation restricts OAuth apps, and the ids of the apps its owners approved. */
public record OrgAppPolicy(boolean restricted, Set<Long> approvedAppIds) {

    public static final OrgAppPolicy OPEN = new OrgAppPolicy(false, Set.of());

    public OrgAppPolicy {
        approvedAppIds = Set.copyOf(approvedAppIds);
    }
}
