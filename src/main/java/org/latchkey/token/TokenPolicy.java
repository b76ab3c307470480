package org.latchkey.token;

/**
 * An owner's rules for tokens acting on its resources: whether classic tokens are refused, the
 * longest lifetime a fine-grained token may have (null: 366 days), whether fine-grained tokens
 * wait for an owner's approval, after how many days unused a fine-grained token on its resources
 * is revoked (null: the server's setting; only a shorter time than the server's has an effect), and
 * whether members must have two-factor authentication on for any of their tokens (sessions
 * included) to act on the owner's resources.
 */
public record TokenPolicy(boolean forbidClassic, Integer maxLifetimeDays, boolean requireApproval,
                          Integer revokeUnusedAfterDays, Boolean requireTwoFactor) {

    public static final int DEFAULT_MAX_LIFETIME_DAYS = 366;
    public static final int MAX_REVOKE_UNUSED_AFTER_DAYS = 3650;
    public static final TokenPolicy DEFAULT = new TokenPolicy(false, null, false, null, false);

    /** {@code requireTwoFactor} is a wrapper only so that a request may leave it out: absent (null) is false. */
    public TokenPolicy {
        requireTwoFactor = Boolean.TRUE.equals(requireTwoFactor);
    }

    public int effectiveMaxLifetimeDays() {
        return maxLifetimeDays == null ? DEFAULT_MAX_LIFETIME_DAYS : maxLifetimeDays;
    }
}
