package org.latchkey.account;

/**
 * Told when something that every cached token of a user carries changes (two-factor on or off,
 * the account disabled or enabled, the administrator role), so that what keeps it in memory drops it.
 */
@FunctionalInterface
public interface UserChanges {

    void userChanged(long userId);
}
