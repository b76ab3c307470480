package org.latchkey.org;

import org.latchkey.Refusal;
import org.latchkey.Text;

/** No organisation by that name. */
public final class OrgNotFound extends Refusal {

    public OrgNotFound(String login) {
        super("Organisation " + Text.quoted(login, "by that name") + " not found.");
    }

    @Override
    public Kind kind() {
        return Kind.NOT_FOUND;
    }

    @Override
    public String code() {
        return "org_not_found";
    }
}
