package org.latchkey.account;

import org.latchkey.audit.Origin;

/** Hears of each wrong password or code given for an existing account: the failed-authentications alert counts them. */
@FunctionalInterface
public interface FailedPasswords {

    void failed(long userId, String login, Origin origin);
}
