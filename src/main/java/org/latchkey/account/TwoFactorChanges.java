package org.latchkey.account;

/** Told when a user turns two-factor authentication on or off, so that what keeps that state in memory drops it. */
@FunctionalInterface
public interface TwoFactorChanges {

    void twoFactorChanged(long userId);
}
