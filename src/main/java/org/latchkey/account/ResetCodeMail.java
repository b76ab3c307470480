package org.latchkey.account;

import java.time.Instant;

/**
 * Sends a reset code to the user's email address, at once and only there: a code is a secret, so it
 * never goes through the notice outbox, which stores what it sends.
 */
@FunctionalInterface
public interface ResetCodeMail {

    ResetCodeMail NONE = (user, code, expiresAt) -> false;

    /** True when the code was handed to the mail server; false when there is no SMTP server or address, or sending failed. */
    boolean send(User user, String code, Instant expiresAt);
}
