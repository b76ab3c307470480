package org.latchkey.account;

/** Told when something each cached token carries about its owner changed, so that the user's cached tokens are dropped. */
@FunctionalInterface
public interface CachedOwners {

    void ownerChanged(long userId);
}
