package org.latchkey.oauth;

import org.latchkey.Refusal;

/**
 * An error of the token endpoint, answered in RFC 6749 §5.2's form ({@code error},
 * {@code error_description}) rather than the API's: the endpoint catches it apart.
 */
public final class OAuthError extends Refusal {

    private final Integer interval;

    private OAuthError(Kind kind, String code, String reason) {
        this(kind, code, reason, null);
    }

    private OAuthError(Kind kind, String code, String reason, Integer interval) {
        super(kind, code, reason, null, null);
        this.interval = interval;
    }

    /** The poll interval a {@code slow_down} answer names, else null. */
    public Integer interval() {
        return interval;
    }

    public static OAuthError invalidRequest(String reason) {
        return new OAuthError(Kind.BAD_INPUT, "invalid_request", reason);
    }

    public static OAuthError invalidClient(String reason) {
        return new OAuthError(Kind.UNAUTHENTICATED, "invalid_client", reason);
    }

    public static OAuthError invalidGrant(String reason) {
        return new OAuthError(Kind.BAD_INPUT, "invalid_grant", reason);
    }

    public static OAuthError invalidScope(String reason) {
        return new OAuthError(Kind.BAD_INPUT, "invalid_scope", reason);
    }

    public static OAuthError unsupportedGrantType(String reason) {
        return new OAuthError(Kind.BAD_INPUT, "unsupported_grant_type", reason);
    }

    public static OAuthError authorizationPending(String reason) {
        return new OAuthError(Kind.BAD_INPUT, "authorization_pending", reason);
    }

    public static OAuthError slowDown(String reason, int interval) {
        return new OAuthError(Kind.BAD_INPUT, "slow_down", reason, interval);
    }

    public static OAuthError expiredToken(String reason) {
        return new OAuthError(Kind.BAD_INPUT, "expired_token", reason);
    }

    public static OAuthError accessDenied(String reason) {
        return new OAuthError(Kind.BAD_INPUT, "access_denied", reason);
    }
}
