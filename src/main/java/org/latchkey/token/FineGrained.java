package org.latchkey.token;

import java.util.List;
import java.util.Optional;

/** What a fine-grained token may do: its permissions, on the owners and repositories it lists. */
public record FineGrained(Permissions permissions, List<ResourceGrant> resources) {

    public FineGrained {
        resources = List.copyOf(resources);
    }

    public Optional<ResourceGrant> grantFor(long ownerId) {
        return resources.stream().filter(grant -> grant.ownerId() == ownerId).findFirst();
    }
}
