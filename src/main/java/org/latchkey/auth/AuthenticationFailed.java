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
public final class AuthenticationFailed {

    private AuthenticationFailed() {
    }

    /** No credentials at all on an API route: GitHub's words, which clients match. */
    public static Refusal missing() {
        return Refusal.of(Refusal.Kind.UNAUTHENTICATED, Refusal.AUTHENTICATION_REQUIRED, "Requires authentication");
    }

    public static Refusal badCredentials() {
        return Refusal.of(Refusal.Kind.UNAUTHENTICATED, "bad_credentials", "Bad credentials");
    }

    public static Refusal expired(Instant at) {
        return Refusal.of(Refusal.Kind.UNAUTHENTICATED, "token_expired", "This token expired on " + HumanTime.format(at)
                + ".", "Regenerate it or create a new token, then update the systems that use it.");
    }

    public static Refusal revoked(Instant at, RevocationReason reason) {
        return Refusal.of(Refusal.Kind.UNAUTHENTICATED, "token_revoked", "This token was revoked on "
                + HumanTime.format(at) + ": " + reason.explanation() + ".",
                "Create a new token and update the systems that use it.");
    }

    /**
     * A suspended token: when, by whom, and how to resume it. One its owner suspended, the owner
     * resumes; one an administrator suspended (breach response), only an administrator does.
     */
    public static Refusal suspended(long tokenId, Suspension suspension, String ownerLogin) {
        String resume = suspension.by().equals(ownerLogin)
                ? "resume it at POST /api/v1/user/tokens/" + tokenId + "/resume (latchkey token resume " + tokenId + ")"
                : "an administrator must resume it (latchkey admin user resume-tokens " + ownerLogin + ")";
        return Refusal.of(Refusal.Kind.UNAUTHENTICATED, "token_suspended", "This token was suspended on "
                + HumanTime.format(suspension.at()) + " by " + suspension.by() + "; " + resume + ".");
    }

    /**
     * A dead token presented too often: answered 429 until the throttle lifts, for this secret only,
     * with the same code and explanation as its 401 and when to try again.
     */
    static Refusal presentedTooOften(Refusal dead, Instant until, Instant now) {
        return Refusal.tryLater(dead.code(), dead.getMessage(), "It was presented too often: stop retrying it; every try until "
                + HumanTime.format(until) + " is answered 429.", Refusal.until(until, now));
    }
}
