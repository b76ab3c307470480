package org.latchkey.account;

import java.time.Instant;

/**
 * A person (or service account) who owns tokens. {@code disabledAt} is set while an administrator has
 * disabled the account; {@code passwordGenerated}: the account still has the password Latchkey
 * generated for it (the first administrator's), which the web pages offer to change.
 */
public record User(long id, String login, String email, boolean admin, Instant createdAt, Instant disabledAt,
                   boolean passwordGenerated) {

    /** An account that is not disabled and whose password its holder chose. */
    public User(long id, String login, String email, boolean admin, Instant createdAt) {
        this(id, login, email, admin, createdAt, null, false);
    }

    public boolean disabled() {
        return disabledAt != null;
    }
}
