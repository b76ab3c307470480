package org.latchkey.repo;

import java.time.Instant;

/** A hosted git repository: who owns it, its name, and whether anyone may read it. */
public record Repository(long id, long ownerId, String ownerLogin, String name, String description, boolean isPrivate,
                         Instant createdAt) {

    /** {@code owner/name}, as in URLs. */
    public String fullName() {
        return ownerLogin + "/" + name;
    }
}
