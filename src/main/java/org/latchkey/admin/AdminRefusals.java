package org.latchkey.admin;

import java.util.List;
import org.latchkey.InvalidField;
import org.latchkey.Refusal;

/** The refusals of administering accounts. */
final class AdminRefusals {

    private AdminRefusals() {
    }

    static Refusal noSuchUser() {
        return Refusal.noSuch("user");
    }

    static Refusal notYourself(String what) {
        return Refusal.conflict("cannot_" + what + "_yourself", "An administrator cannot " + what.replace('_', ' ')
                + " their own account here; ask another administrator.");
    }

    static Refusal lastAdmin(String login) {
        return Refusal.conflict("last_admin", login + " is the last active administrator of this server;"
                + " grant the administrator role to another user first (latchkey admin user grant-admin LOGIN).");
    }

    static Refusal lastOwner(String login, List<String> orgs) {
        return Refusal.conflict("last_org_owner", login + " is the last owner of the organisation" + plural(orgs) + " "
                + String.join(", ", orgs) + "; make another member an owner (or delete the organisation) first.");
    }

    static Refusal nameClashes(String receiver, List<String> clashes) {
        return Refusal.conflict("name_conflict", receiver + " already has " + String.join(", ", clashes)
                + "; nothing was changed. Rename or delete them first, or transfer to another user.");
    }

    static InvalidField badReceiver(String reason) {
        return InvalidField.invalid("transfer_to", reason);
    }

    private static String plural(List<String> names) {
        return names.size() == 1 ? "" : "s";
    }
}
