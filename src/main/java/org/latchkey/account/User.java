package org.latchkey.account;

import java.time.Instant;

/** A person (or service account) who owns tokens; {@code disabledAt} is set while an administrator has disabled the account. */
public record User(long id, String login, String email, boolean admin, Instant createdAt, Instant disabledAt) {

    /** An account that is not disabled. */
    public User(long id, String login, String email, boolean admin, Instant createdAt) {
        this(id, login, email, admin, createdAt, null);
    }

    public boolean disabled() {
        return disabledAt != null;
    }
}
