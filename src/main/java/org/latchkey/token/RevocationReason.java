package org.latchkey.token;

/** Why a token stopped working before its expiry. */
public enum RevocationReason {
    REVOKED("its owner revoked it"),
    DELETED("it was deleted"),
    ROTATED("it was rotated and replaced by a new secret"),
    REUSE_DETECTED("a rotated-away secret of its family was presented again, so the whole family was revoked"),
    SIGNED_OUT("the session ended"),
    REPORTED_LEAKED("it was reported as leaked"),
    COMPROMISED("its owner reported it compromised"),
    UNUSED("it was not used for too long"),
    ROTATION_CANCELLED("the rotation that created it was cancelled"),
    PASSWORD_CHANGED("the password of its account was changed or reset"),
    ACCOUNT_DISABLED("an administrator disabled the account"),
    ACCOUNT_DELETED("an administrator deleted the account"),
    JOB_FINISHED("the CI job it was minted for revoked it when it ended");

    private final String explanation;

    RevocationReason(String explanation) {
        this.explanation = explanation;
    }

    public String explanation() {
        return explanation;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
