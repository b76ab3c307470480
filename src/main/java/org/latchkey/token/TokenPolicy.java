package org.latchkey.token;

/**
 * An owner's rules for tokens acting on its resources: whether classic tokens are refused, the
 * longest lifetime a fine-grained token may have (null: 366 days), whether fine-grained tokens
 * wait for an owner's approval, and after how many days unused a fine-grained token on its resources
 * is revoked (null: the server's setting; only a shorter time than the server's has an effect).
 */
public record TokenPolicy(boolean forbidClassic, Integer maxLifetimeDays, boolean requireApproval,
                          Integer revokeUnusedAfterDays) {

    public static final int DEFAULT_MAX_LIFETIME_DAYS = 366;
    public static final int MAX_REVOKE_UNUSED_AFTER_DAYS = 3650;
    public static final TokenPolicy DEFAULT = new TokenPolicy(false, null, false, null);

    public int effectiveMaxLifetimeDays() {
        return maxLifetimeDays == null ? DEFAULT_MAX_LIFETIME_DAYS : maxLifetimeDays;
    }
}
