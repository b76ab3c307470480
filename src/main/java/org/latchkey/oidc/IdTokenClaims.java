package org.latchkey.oidc;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * nimbus's claims verifier for one issuer and audience, on the injected clock with
 * {@link IdTokens#SKEW} of leeway, with what it leaves out: {@code iat} not in the future, the
 * audience a single value, {@code sub} and {@code jti} strings. Each failure carries its refusal.
 */
final class IdTokenClaims extends DefaultJWTClaimsVerifier<SecurityContext> {

    /** A claims check that failed, with the refusal the job gets. */
    static final class Failed extends BadJWTException {
        private final transient IdTokenRefusal refusal;

        Failed(IdTokenRefusal refusal) {
            super(refusal.code());
            this.refusal = refusal;
        }

        IdTokenRefusal refusal() {
            return refusal;
        }
    }

    private final String audience;
    private final Clock clock;

    IdTokenClaims(String issuer, String audience, Clock clock) {
        super(Set.of(audience), new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "iat"), Set.of());
        setMaxClockSkew((int) IdTokens.SKEW.toSeconds());
        this.audience = audience;
        this.clock = clock;
    }

    @Override
    protected Date currentTime() {
        return Date.from(clock.instant());
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        requireString(claims, "sub");
        requireString(claims, "jti");
        if (!List.of(audience).equals(claims.getAudience())) {
            throw new Failed(IdTokenRefusal.audience(audience));
        }
        Instant latest = clock.instant().plus(IdTokens.SKEW);
        if (claims.getIssueTime() != null && claims.getIssueTime().toInstant().isAfter(latest)) {
            throw new Failed(IdTokenRefusal.notYetValid("iat (issued at)"));
        }
        try {
            super.verify(claims, context);
        } catch (ExpiredJWTException e) {
            throw new Failed(IdTokenRefusal.expired());
        } catch (BadJWTException e) {
            if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(latest)) {
                throw new Failed(IdTokenRefusal.notYetValid("nbf (not before)"));
            }
            throw new Failed(IdTokenRefusal.malformed("The ID token's claims are refused: " + e.getMessage() + "."));
        }
    }

    private static void requireString(JWTClaimsSet claims, String name) throws Failed {
        Object value = claims.getClaim(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new Failed(IdTokenRefusal.malformed("The ID token has no " + name + " claim (a string); it is required."));
        }
    }
}
