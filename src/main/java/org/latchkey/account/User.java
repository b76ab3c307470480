package org.latchkey.account;

import java.time.Instant;

/**
 * A person (or service account) who owns tokens. {@code passwordGenerated}: the account still has
 * the password Latchkey generated for it (the first administrator's), which the web pages offer to change.
 */
public record User(long id, String login, String email, boolean admin, Instant createdAt, boolean passwordGenerated) {

    public User(long id, String login, String email, boolean admin, Instant createdAt) {
        this(id, login, email, admin, createdAt, false);
    }
}
