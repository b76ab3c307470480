package org.latchkey.account;

import java.time.Instant;
import java.util.Optional;

/**
 * Durable changes of passwords and the pending reset codes. Every change of a password ends the
 * user's sessions (all of them, or all but the one named) in the same transaction, and tells every
 * node that the user's cached tokens are stale; personal tokens stay valid.
 */
public interface PasswordStore {

    /** A pending reset code: only its SHA-256, and until when it may be redeemed. */
    record ResetCode(byte[] codeHash, Instant expiresAt) {
        @Override
        public String toString() {
            return "ResetCode[until " + expiresAt + "]";
        }
    }

    /** Marks the user's password as the one Latchkey generated. */
    void markGenerated(long userId);

    /**
     * Sets a new password hash and clears the generated mark; ends every session of the user but
     * {@code keptSessionId} (0 keeps none). True when the password replaced was the generated one.
     */
    boolean replace(long userId, String passwordHash, long keptSessionId, Instant at);

    /**
     * Stores a reset code in place of any earlier one, removes the password (so that it stops
     * working) and ends every session of the user. True when the password removed was the generated one.
     */
    boolean issueResetCode(long userId, byte[] codeHash, Instant at, Instant expiresAt, long issuedBy);

    Optional<ResetCode> resetCode(long userId);

    /**
     * Redeems the code once: when it is still pending with this hash and not expired at {@code at},
     * deletes it, sets the new password hash and ends every session of the user; false otherwise.
     */
    boolean redeemResetCode(long userId, byte[] codeHash, String passwordHash, Instant at);
}
