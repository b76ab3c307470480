package org.latchkey.repo;

import java.util.List;
import java.util.Optional;

/** Durable storage of repository metadata; names are unique per owner regardless of case. */
public interface RepositoryStore {

    /** Stores a repository; empty when the owner already has one of that name. */
    Optional<Repository> insert(NewRepository repository);

    /** Case-insensitive lookup by owner login and repository name. */
    Optional<Repository> find(String ownerLogin, String name);

    Optional<Repository> findById(long id);

    /** The owner's repositories, by name. */
    List<Repository> listByOwner(long ownerId);

    void delete(long id);
}
