package org.latchkey.token;

import java.util.Optional;

/** Finds the owners and repositories a fine-grained token request names. */
public interface ResourceOwners {

    /** The owner by login, if this user may aim a token at it (themselves or an organisation they belong to). */
    Optional<ResourceOwner> find(long userId, String login);

    Optional<Long> repositoryId(long ownerId, String name);
}
