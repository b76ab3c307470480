package org.latchkey.token;

import org.latchkey.HumanTime;
import org.latchkey.Refusal;

/** The refusals of managing tokens. */
public final class TokenRefusals {

    private TokenRefusals() {
    }

    /** A change that the token's current state does not allow, such as regenerating a revoked token. */
    public static Refusal conflict(String reason) {
        return Refusal.conflict("conflict", reason);
    }

    /** An owner tried to resume a token an administrator suspended: only an administrator may. */
    public static Refusal suspendedByAdministrator(Suspension suspension, String ownerLogin) {
        return Refusal.of(Refusal.Kind.FORBIDDEN, "suspended_by_admin", "This token was suspended on "
                + HumanTime.format(suspension.at()) + " by the administrator " + suspension.by()
                + "; only an administrator can resume it (latchkey admin user resume-tokens " + ownerLogin + ").");
    }
}
