package org.latchkey.account;

import java.time.Instant;

/**
 * A user's stored two-factor state: the TOTP secret encrypted with the server key, when it was
 * enabled (null while pending) and the time step of the last code accepted (null: none yet).
 */
public record TwoFactorRecord(long userId, String secretCiphertext, Instant createdAt, Instant enabledAt, Long lastUsedStep) {

    public boolean isEnabled() {
        return enabledAt != null;
    }

    @Override
    public String toString() {
        return "TwoFactorRecord[user=" + userId + ", enabled=" + isEnabled() + "]";
    }
}
