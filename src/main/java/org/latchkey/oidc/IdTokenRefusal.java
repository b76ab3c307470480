package org.latchkey.oidc;

import org.latchkey.Refusal;

/**
 * An ID token refused (HTTP 401). Its code names the failed check ({@link #UNTRUSTED_ISSUER},
 * {@link #AUDIENCE}, {@link #EXPIRED}, {@link #NOT_YET_VALID}, {@link #REPLAYED},
 * {@link #INVALID_SIGNATURE}, {@link #MALFORMED}, {@link #ISSUER_UNAVAILABLE}); its text says what
 * the job can fix and nothing about any owner's trust policy. A subclass so that the exchange can
 * tell a refused ID token from its own refusals.
 */
public final class IdTokenRefusal extends Refusal {

    public static final String UNTRUSTED_ISSUER = "untrusted_issuer";
    public static final String AUDIENCE = "audience";
    public static final String EXPIRED = "expired";
    public static final String NOT_YET_VALID = "not_yet_valid";
    public static final String REPLAYED = "replayed";
    public static final String INVALID_SIGNATURE = "invalid_signature";
    public static final String MALFORMED = "malformed";
    /** The issuer is trusted but its keys cannot be read (down, or its discovery document breaks a rule). */
    public static final String ISSUER_UNAVAILABLE = "issuer_unavailable";

    private IdTokenRefusal(String code, String reason, String fix) {
        super(Kind.UNAUTHENTICATED, code, reason, fix, null);
    }

    static IdTokenRefusal of(String code, String reason, String fix) {
        return new IdTokenRefusal(code, reason, fix);
    }

    static IdTokenRefusal malformed(String reason) {
        return of(MALFORMED, reason, "Send the ID token exactly as the CI system issued it.");
    }

    static IdTokenRefusal untrustedIssuer() {
        return of(UNTRUSTED_ISSUER, "The ID token's issuer (iss) is not trusted by this server.",
                "Ask the server's administrator to trust it (latchkey admin oidc-issuer add ISSUER).");
    }

    static IdTokenRefusal audience(String expected) {
        return of(AUDIENCE, "The ID token's audience (aud) must be exactly " + expected + ".",
                "Request the ID token with that audience (GET /api/v1/oidc/audience answers it).");
    }

    static IdTokenRefusal expired() {
        return of(EXPIRED, "The ID token has expired.", "Request a fresh ID token just before the exchange.");
    }

    static IdTokenRefusal notYetValid(String claim) {
        return of(NOT_YET_VALID, "The ID token's " + claim + " is more than 60 seconds in the future.",
                "Check the clocks of the runner and the CI system, then request a fresh ID token.");
    }

    static IdTokenRefusal replayed() {
        return of(REPLAYED, "This ID token (its jti) was already exchanged.",
                "Request a fresh ID token for every exchange.");
    }

    static IdTokenRefusal invalidSignature(String reason) {
        return of(INVALID_SIGNATURE, reason, "Send the ID token exactly as the CI system issued it.");
    }

    static IdTokenRefusal issuerUnavailable(String why) {
        return of(ISSUER_UNAVAILABLE, "The keys of the ID token's issuer cannot be read: " + why + ".",
                "Try again later; if it persists, tell the server's administrator.");
    }
}
