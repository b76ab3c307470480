package org.latchkey.account;

/** Whether a user has two-factor authentication on: what authorisation asks when an organisation requires it. */
@FunctionalInterface
public interface TwoFactorStatus {

    /** True once the user confirmed an enrolment with a first code (a pending enrolment does not count). */
    boolean enabled(long userId);
}
