package org.latchkey.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of two-factor authentication: one row per user holding the encrypted TOTP secret,
 * and the SHA-256 hashes of their recovery codes. Each "use" method is one conditional update, so a
 * code is accepted at most once even when several nodes check it at the same moment.
 */
public interface TwoFactorStore extends TwoFactorStatus {

    Optional<TwoFactorRecord> find(long userId);

    /** Stores a new pending enrolment in place of any pending one; false when two-factor is already enabled. */
    boolean putPending(long userId, String secretCiphertext, Instant now);

    /**
     * Enables a pending enrolment with the step of its first code and the hashes of fresh recovery
     * codes; false when there was no pending enrolment.
     */
    boolean enable(long userId, long step, List<byte[]> recoveryCodeHashes, Instant now);

    /** Records the time step of an accepted code; false when that step or a later one was already used. */
    boolean useStep(long userId, long step);

    /** Marks an unused recovery code used; false when there is no such unused code. */
    boolean useRecoveryCode(long userId, byte[] codeHash, Instant now);

    int unusedRecoveryCodes(long userId);

    /** Replaces every recovery code (used or not) with new ones; false when two-factor is not enabled. */
    boolean replaceRecoveryCodes(long userId, List<byte[]> codeHashes, Instant now);

    /** Removes the secret and the recovery codes; false when there was nothing. */
    boolean delete(long userId);
}
