package org.latchkey.admin;

import java.time.Instant;
import org.latchkey.account.User;

/** A user as an administrator sees one: the account, its last sign-in (or null) and how many live personal tokens it has. */
public record AdministeredUser(User user, Instant lastSignInAt, long liveTokens) {

    /** {@code active} or {@code disabled}. */
    public String state() {
        return user.disabled() ? "disabled" : "active";
    }
}
