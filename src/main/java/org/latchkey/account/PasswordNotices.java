package org.latchkey.account;

import java.time.Instant;
import org.latchkey.audit.Origin;

/** Hears of each change of a password, to tell the account's owner (a security alert, by email when SMTP is set). */
public interface PasswordNotices {

    PasswordNotices NONE = new PasswordNotices() {
        @Override
        public void changed(User user, Origin origin) {
        }

        @Override
        public void resetIssued(User user, User admin, Instant expiresAt, Origin origin) {
        }

        @Override
        public void resetRedeemed(User user, Origin origin) {
        }
    };

    /** The user changed their own password. */
    void changed(User user, Origin origin);

    /** An administrator reset the user's password: the old one no longer works. */
    void resetIssued(User user, User admin, Instant expiresAt, Origin origin);

    /** The user chose a new password with a reset code. */
    void resetRedeemed(User user, Origin origin);
}
