package org.latchkey.repo;

import java.time.Instant;
import org.latchkey.access.Target;

/** A hosted git repository: who owns it, its name, and whether anyone may read it. */
public record Repository(long id, long ownerId, String ownerLogin, String name, String description, boolean isPrivate,
                         Instant createdAt) {

    /** {@code owner/name}, as in URLs. */
    public String fullName() {
        return ownerLogin + "/" + name;
    }

    /** This repository as the target of an access decision. */
    public Target target() {
        return Target.repository(ownerId, ownerLogin, id, name, isPrivate);
    }
}
