package org.latchkey.account;

/** A user with the Argon2id hash a login is checked against. */
public record StoredLogin(User user, String passwordHash) {

    @Override
    public String toString() {
        return "StoredLogin[" + user.login() + "]";
    }
}
