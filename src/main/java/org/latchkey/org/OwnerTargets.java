package org.latchkey.org;

import java.util.Optional;
import org.latchkey.access.Target;
import org.latchkey.account.UserStore;

/** Finds a user or organisation by login as the target of an owner-level decision. */
public final class OwnerTargets {

    private final UserStore users;
    private final OrgStore orgs;

    public OwnerTargets(UserStore users, OrgStore orgs) {
        this.users = users;
        this.orgs = orgs;
    }

    public Optional<Target> find(String login, boolean isPrivate) {
        return users.findByLogin(login).map(user -> Target.owner(user.id(), user.login(), isPrivate))
                .or(() -> orgs.find(login).map(org -> Target.owner(org.id(), org.login(), isPrivate)));
    }
}
