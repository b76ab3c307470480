package org.latchkey.audit;

/** Everything the audit log records, by the name clients see. */
public enum AuditAction {
    USER_CREATED("user.created"),
    PASSWORD_CHANGED("user.password_changed"),
    PASSWORD_RESET_ISSUED("user.password_reset_issued"),
    PASSWORD_RESET_REDEEMED("user.password_reset_redeemed"),
    SESSION_CREATED("session.created"),
    SESSION_FAILED("session.failed"),
    SESSION_ENDED("session.ended"),
    SUDO_CONFIRMED("session.sudo_confirmed"),
    LOGIN_LOCKED_OUT("login.locked_out"),
    TWO_FACTOR_ENABLED("two_factor.enabled"),
    TWO_FACTOR_DISABLED("two_factor.disabled"),
    TWO_FACTOR_RECOVERY_CODE_USED("two_factor.recovery_code_used"),
    TWO_FACTOR_RECOVERY_CODES_REGENERATED("two_factor.recovery_codes_regenerated"),
    TOKEN_CREATED("token.created"),
    TOKEN_UPDATED("token.updated"),
    TOKEN_REGENERATED("token.regenerated"),
    TOKEN_ROTATED("token.rotated"),
    TOKEN_REVOKED("token.revoked"),
    TOKEN_DELETED("token.deleted"),
    TOKEN_FAMILY_REVOKED("token.family_revoked"),
    REVOKED_TOKEN_USED("token.revoked_token_used"),
    EXPIRED_TOKEN_USED("token.expired_token_used"),
    ROTATED_TOKEN_USED("token.rotated_token_used"),
    REPO_CREATED("repo.created"),
    ORG_CREATED("org.created"),
    ORG_MEMBER_SET("org.member_set"),
    ORG_MEMBER_REMOVED("org.member_removed"),
    ORG_POLICY_CHANGED("org.token_policy_changed"),
    TOKEN_APPROVAL_REQUESTED("token.approval_requested"),
    TOKEN_APPROVED("token.approved"),
    TOKEN_DENIED("token.denied"),
    REPO_DELETED("repo.deleted"),
    PUSH_BLOCKED_SECRET("push.blocked_secret"),
    TOKEN_LEAKED_IN_PUSH("token.leaked_in_push"),
    INACTIVE_TOKEN_IN_PUSH("token.inactive_token_in_push"),
    TOKEN_REPORTED_LEAKED("token.reported_leaked"),
    PACKAGE_PUBLISHED("package.published"),
    PACKAGE_BLOCKED_SECRET("package.blocked_secret"),
    TOKEN_LEAKED_IN_PACKAGE("token.leaked_in_package"),
    INACTIVE_TOKEN_IN_PACKAGE("token.inactive_token_in_package"),
    PACKAGE_UNPUBLISHED("package.unpublished"),
    TOKEN_SUSPENDED("token.suspended"),
    TOKEN_RESUMED("token.resumed"),
    SUSPENDED_TOKEN_USED("token.suspended_token_used"),
    TOKENS_SUSPENDED_BY_ADMIN("user.tokens_suspended"),
    TOKENS_RESUMED_BY_ADMIN("user.tokens_resumed"),
    TOKEN_COMPROMISED("token.compromised"),
    TOKEN_ROTATION_CONFIRMED("token.rotation_confirmed"),
    TOKEN_ROTATION_CANCELLED("token.rotation_cancelled"),
    TOKEN_REVOKED_UNUSED("token.revoked_unused"),
    HOOK_CREATED("hook.created"),
    HOOK_DELETED("hook.deleted"),
    SECURITY_ALERT("security.alert"),
    USER_DISABLED("user.disabled"),
    USER_ENABLED("user.enabled"),
    USER_DELETED("user.deleted"),
    USER_ADMIN_GRANTED("user.admin_granted"),
    USER_ADMIN_REVOKED("user.admin_revoked"),
    OIDC_ISSUER_TRUSTED("oidc.issuer_trusted"),
    OIDC_ISSUER_REMOVED("oidc.issuer_removed"),
    TRUST_POLICY_CREATED("trust_policy.created"),
    TRUST_POLICY_DELETED("trust_policy.deleted"),
    JOB_TOKEN_ISSUED("job_token.issued"),
    JOB_TOKEN_REVOKED("job_token.revoked"),
    TRUST_POLICY_NO_MATCH("trust_policy.no_match");

    private final String wireName;

    AuditAction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
