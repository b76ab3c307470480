package org.latchkey.account;

import java.time.Instant;

/** A user about to be stored, with the Argon2id hash of the password (never the password). */
public record NewUser(String login, String email, boolean admin, String passwordHash, Instant createdAt) {

    @Override
    public String toString() {
        return "NewUser[login=" + login + ", email=" + email + ", admin=" + admin + "]";
    }
}
