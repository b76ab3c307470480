package org.latchkey.oidc;

import java.time.Instant;
import java.util.Map;

/**
 * An ID token that passed every check: signed with a key of its trusted issuer by RS256 or ES256,
 * for the expected audience, in its lifetime, and never seen before. {@code claims} holds every
 * claim as the issuer signed it (times as epoch seconds).
 */
public record VerifiedIdToken(String issuer, String subject, Map<String, Object> claims, String jti, Instant expiresAt) {

    public VerifiedIdToken {
        claims = Map.copyOf(claims);
    }

    /** A claim as text (a string, or a number or boolean written out), or null when absent or structured. */
    public String claim(String name) {
        Object value = claims.get(name);
        return value instanceof String || value instanceof Number || value instanceof Boolean ? value.toString() : null;
    }
}
