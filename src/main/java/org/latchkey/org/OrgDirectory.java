package org.latchkey.org;

import java.util.Optional;
import org.latchkey.access.OrgRole;
import org.latchkey.access.OwnerDirectory;
import org.latchkey.token.TokenPolicy;

/** Answers authorisation's questions about owners from the organisation store, fresh at every decision. */
public final class OrgDirectory implements OwnerDirectory {

    private final OrgStore orgs;

    public OrgDirectory(OrgStore orgs) {
        this.orgs = orgs;
    }

    @Override
    public boolean isOrg(long ownerId) {
        return orgs.findById(ownerId).isPresent();
    }

    @Override
    public Optional<OrgRole> role(long orgId, long userId) {
        return orgs.role(orgId, userId);
    }

    @Override
    public TokenPolicy policy(long ownerId) {
        return isOrg(ownerId) ? orgs.policy(ownerId) : TokenPolicy.DEFAULT;
    }
}
