package org.latchkey.token;

import org.latchkey.HumanTime;
import org.latchkey.Refusal;

/** An owner tried to resume a token an administrator suspended: only an administrator may. */
public final class SuspendedByAdministrator extends Refusal {

    public SuspendedByAdministrator(Suspension suspension, String ownerLogin) {
        super("This token was suspended on " + HumanTime.format(suspension.at()) + " by the administrator "
                + suspension.by() + "; only an administrator can resume it (latchkey admin user resume-tokens "
                + ownerLogin + ").");
    }

    @Override
    public Kind kind() {
        return Kind.FORBIDDEN;
    }

    @Override
    public String code() {
        return "suspended_by_admin";
    }
}
