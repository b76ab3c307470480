package org.latchkey.token;

import java.util.List;
import java.util.Optional;

/**
 * What a fine-grained token may do: its permissions, on the owners and repositories it lists, and,
 * for a job token, only on the packages it names ({@link PackagePatterns}; null: every package of
 * its owners).
 */
public record FineGrained(Permissions permissions, List<ResourceGrant> resources, PackagePatterns packages) {

    public FineGrained {
        resources = List.copyOf(resources);
    }

    /** Grants on every package of the owners. */
    public FineGrained(Permissions permissions, List<ResourceGrant> resources) {
        this(permissions, resources, null);
    }

    public Optional<ResourceGrant> grantFor(long ownerId) {
        return resources.stream().filter(grant -> grant.ownerId() == ownerId).findFirst();
    }

    public FineGrained withResources(List<ResourceGrant> newResources) {
        return new FineGrained(permissions, newResources, packages);
    }
}
