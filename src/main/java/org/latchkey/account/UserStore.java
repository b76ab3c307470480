package org.latchkey.account;

import java.util.Optional;

/** Durable storage of user accounts; logins are unique regardless of case. */
public interface UserStore {

    /** Stores a user; empty when the login (compared case-insensitively) is taken. */
    Optional<User> insert(NewUser user);

    Optional<User> findById(long id);

    /** Case-insensitive lookup. */
    Optional<User> findByLogin(String login);

    /** The user and password hash for a login, case-insensitively. */
    Optional<StoredLogin> findLogin(String login);

    long count();
}
