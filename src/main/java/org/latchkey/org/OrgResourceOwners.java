package org.latchkey.org;

import java.util.Optional;
import org.latchkey.access.OrgRole;
import org.latchkey.account.UserStore;
import org.latchkey.repo.Repository;
import org.latchkey.repo.RepositoryStore;
import org.latchkey.token.ResourceOwner;
import org.latchkey.token.ResourceOwners;
import org.latchkey.token.TokenPolicy;

/** The owners a user may aim a fine-grained token at: their own account and the organisations they belong to. */
public final class OrgResourceOwners implements ResourceOwners {

    private final UserStore users;
    private final OrgStore orgs;
    private final RepositoryStore repositories;

    public OrgResourceOwners(UserStore users, OrgStore orgs, RepositoryStore repositories) {
        this.users = users;
        this.orgs = orgs;
        this.repositories = repositories;
    }

    @Override
    public Optional<ResourceOwner> find(long userId, String login) {
        Optional<ResourceOwner> self = users.findById(userId)
                .filter(user -> user.login().equalsIgnoreCase(login))
                .map(user -> new ResourceOwner(user.id(), user.login(), false, true, TokenPolicy.DEFAULT));
        if (self.isPresent()) {
            return self;
        }
        return orgs.find(login).flatMap(org -> orgs.role(org.id(), userId).map(role ->
                new ResourceOwner(org.id(), org.login(), true, role == OrgRole.OWNER, orgs.policy(org.id()))));
    }

    @Override
    public Optional<Long> repositoryId(long ownerId, String name) {
        return repositories.listByOwner(ownerId).stream()
                .filter(repository -> repository.name().equalsIgnoreCase(name))
                .map(Repository::id)
                .findFirst();
    }
}
