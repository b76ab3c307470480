package org.latchkey.repo;

import java.time.Instant;

/** A repository about to be stored. */
public record NewRepository(long ownerId, String name, String description, boolean isPrivate, Instant createdAt) {
}
