package org.latchkey.repo;

import org.latchkey.Refusal;

/** No such repository, or one the caller may not see: GitHub's answer either way. */
public final class RepositoryNotFound extends Refusal {

    public RepositoryNotFound() {
        super("Repository not found.");
    }

    @Override
    public Kind kind() {
        return Kind.NOT_FOUND;
    }

    @Override
    public String code() {
        return "repository_not_found";
    }
}
