package org.latchkey.auth;

import java.time.Instant;
import org.latchkey.HumanTime;
import org.latchkey.Refusal;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Suspension;

/**
 * Credentials that do not authenticate. An unknown or malformed secret learns only "Bad
 * credentials"; the holder of a real secret learns that it expired or was revoked, and when.
 */
public final class AuthenticationFailed extends Refusal {

    private final String code;

    private AuthenticationFailed(String code, String message) {
        super(message);
        this.code = code;
    }

    public static AuthenticationFailed missing() {
        return new AuthenticationFailed("requires_authentication", "Requires authentication");
    }

    public static AuthenticationFailed badCredentials() {
        return new AuthenticationFailed("bad_credentials", "Bad credentials");
    }

    public static AuthenticationFailed expired(Instant at) {
        return new AuthenticationFailed("token_expired", "This token expired on " + HumanTime.format(at)
                + ". Regenerate it or create a new token, then update the systems that use it.");
    }

    public static AuthenticationFailed revoked(Instant at, RevocationReason reason) {
        return new AuthenticationFailed("token_revoked", "This token was revoked on " + HumanTime.format(at) + ": "
                + reason.explanation() + ". Create a new token and update the systems that use it.");
    }

    /**
     * A suspended token: when, by whom, and how to resume it. One its owner suspended, the owner
     * resumes; one an administrator suspended (breach response), only an administrator does.
     */
    public static AuthenticationFailed suspended(long tokenId, Suspension suspension, String ownerLogin) {
        String resume = suspension.by().equals(ownerLogin)
                ? "resume it at POST /api/v1/user/tokens/" + tokenId + "/resume (latchkey token resume " + tokenId + ")"
                : "an administrator must resume it (latchkey admin user resume-tokens " + ownerLogin + ")";
        return new AuthenticationFailed("token_suspended", "This token was suspended on " + HumanTime.format(suspension.at())
                + " by " + suspension.by() + "; " + resume + ".");
    }

    @Override
    public Kind kind() {
        return Kind.UNAUTHENTICATED;
    }

    @Override
    public String code() {
        return code;
    }
}
