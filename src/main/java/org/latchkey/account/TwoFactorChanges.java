package org.latchkey.account;

/** Told when a user turns two-factor authentication on or off, so that what keeps that state in memory drops it. */
@FunctionalInterface
public interface TwoFactorChanges {

    /** No one keeps two-factor state in memory. */
    TwoFactorChanges NONE = userId -> { };

    void twoFactorChanged(long userId);
}
