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

    /** The code of a rotated-away secret presented within the reuse interval. */
    public static final String ROTATED = "token_rotated";

    private AuthenticationFailed(String code, String reason, String fix) {
        super(Kind.UNAUTHENTICATED, code, reason, fix, null);
    }

    /** No credentials at all on an API route: GitHub's words, which clients match. */
    public static AuthenticationFailed missing() {
        return new AuthenticationFailed(Refusal.AUTHENTICATION_REQUIRED, "Requires authentication", null);
    }

    public static AuthenticationFailed badCredentials() {
        return new AuthenticationFailed("bad_credentials", "Bad credentials", null);
    }

    public static AuthenticationFailed expired(Instant at) {
        return new AuthenticationFailed("token_expired", "This token expired on " + HumanTime.format(at) + ".",
                "Regenerate it or create a new token, then update the systems that use it.");
    }

    public static AuthenticationFailed revoked(Instant at, RevocationReason reason) {
        return new AuthenticationFailed("token_revoked", "This token was revoked on " + HumanTime.format(at) + ": "
                + reason.explanation() + ".", "Create a new token and update the systems that use it.");
    }

    /**
     * A secret rotated away moments ago (within the reuse interval): refused, its family left alone,
     * as a caller checking that the old secret fails, or still holding it for a last request, expects.
     */
    public static AuthenticationFailed rotated(Instant at) {
        return new AuthenticationFailed(ROTATED, "This token was rotated on " + HumanTime.format(at)
                + "; use its replacement.", "If you did not rotate it, whoever did holds the replacement: sign in and"
                + " revoke it (latchkey token list, then latchkey token breach ID).");
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
                + " by " + suspension.by() + "; " + resume + ".", null);
    }

    /**
     * A dead token presented too often: answered 429 until the throttle lifts, for this secret only,
     * with the same code and explanation as its 401 and when to try again.
     */
    static Refusal presentedTooOften(AuthenticationFailed dead, Instant until, Instant now) {
        return Refusal.tryLater(dead.code(), dead.getMessage(), "It was presented too often: stop retrying it; every try"
                + " until " + HumanTime.format(until) + " is answered 429.", Refusal.until(until, now));
    }
}
