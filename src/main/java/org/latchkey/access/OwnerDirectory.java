package org.latchkey.access;

import java.util.Optional;
import org.latchkey.token.TokenPolicy;

/** What authorisation must know about owners: which are organisations, who belongs to them, their token policy. */
public interface OwnerDirectory {

    boolean isOrg(long ownerId);

    Optional<OrgRole> role(long orgId, long userId);

    /** The owner's token policy; the default for users. */
    TokenPolicy policy(long ownerId);
}
