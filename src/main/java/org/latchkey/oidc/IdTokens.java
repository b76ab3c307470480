package org.latchkey.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.latchkey.notice.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a CI job's OpenID Connect ID token completely, with nimbus-jose-jwt: a JWS signed with
 * RS256 or ES256 (never {@code none}, HMAC or another algorithm) by a key of its issuer's key set
 * ({@link IssuerKeys}), {@code iss} exactly a trusted issuer, {@code aud} exactly the expected
 * audience, {@code exp} not passed, {@code iat} and {@code nbf} not in the future, each with
 * {@link #SKEW} of leeway on the injected clock, {@code sub} and {@code jti} present, and the
 * {@code jti} never seen before from that issuer: the last check inserts a digest of issuer and
 * {@code jti} under a unique key, so exactly one of two nodes verifying one token at once wins.
 * Digests are kept until the token could no longer verify and pruned by {@link #startPruning()}.
 * Every failure is an {@link IdTokenRefusal}.
 */
public final class IdTokens {

    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    public static final Duration SKEW = Duration.ofSeconds(60);
    /** GitHub's ID tokens are about 1.5 KB; this leaves room for big claim sets and refuses floods. */
    public static final int MAX_LENGTH = 16 * 1024;
    static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
    /** Room for the clocks of several nodes disagreeing before a digest is pruned. */
    static final Duration PRUNE_MARGIN = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(IdTokens.class);

    private final TrustedIssuers issuers;
    private final SeenIdTokenStore seen;
    private final ResourceRetriever retriever;
    private final Clock clock;
    private final ConcurrentMap<String, IssuerKeys> keys = new ConcurrentHashMap<>();

    public IdTokens(TrustedIssuers issuers, SeenIdTokenStore seen, Clock clock) {
        this(issuers, seen, new Fetcher(), clock);
    }

    IdTokens(TrustedIssuers issuers, SeenIdTokenStore seen, ResourceRetriever retriever, Clock clock) {
        this.issuers = issuers;
        this.seen = seen;
        this.retriever = retriever;
        this.clock = clock;
    }

    /** The token's issuer, subject and claims, or an {@link IdTokenRefusal} naming the failed check. */
    public VerifiedIdToken verify(String jwt, String expectedAudience) {
        if (expectedAudience == null || expectedAudience.isBlank()) {
            throw new IllegalArgumentException("an expected audience is required");
        }
        SignedJWT signed = signed(jwt);
        TrustedIssuer trusted = issuers.trusting(issuer(signed)).orElseThrow(IdTokenRefusal::untrustedIssuer);
        JWTClaimsSet claims = process(signed, trusted, expectedAudience);
        Instant expiresAt = claims.getExpirationTime().toInstant();
        if (!seen.firstUse(digest(trusted.issuer(), claims.getJWTID()), expiresAt.plus(SKEW))) {
            throw IdTokenRefusal.replayed();
        }
        return new VerifiedIdToken(trusted.issuer(), claims.getSubject(), claims.toJSONObject(), claims.getJWTID(),
                expiresAt);
    }

    private static SignedJWT signed(String jwt) {
        if (jwt == null || jwt.isBlank()) {
            throw IdTokenRefusal.malformed("No ID token was given.");
        }
        if (jwt.length() > MAX_LENGTH) {
            throw IdTokenRefusal.malformed("The ID token is longer than " + MAX_LENGTH + " characters.");
        }
        JWT parsed;
        try {
            parsed = JWTParser.parse(jwt.strip());
        } catch (ParseException e) {
            throw IdTokenRefusal.malformed("The ID token is not a JWT (header.claims.signature in base64url).");
        }
        if (!(parsed instanceof SignedJWT signed)) {
            throw IdTokenRefusal.invalidSignature("The ID token is not signed (alg none, or encrypted);"
                    + " only RS256 and ES256 signatures are accepted.");
        }
        JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(algorithm)) {
            throw IdTokenRefusal.invalidSignature("The ID token's algorithm " + algorithm
                    + " is refused; only RS256 and ES256 signatures are accepted.");
        }
        return signed;
    }

    private static String issuer(SignedJWT signed) {
        try {
            Object iss = signed.getJWTClaimsSet().getClaim("iss");
            return iss instanceof String text ? text : null;
        } catch (ParseException e) {
            throw IdTokenRefusal.malformed("The ID token's claims are not a JSON object.");
        }
    }

    private JWTClaimsSet process(SignedJWT signed, TrustedIssuer trusted, String audience) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keysOf(trusted)));
        processor.setJWTClaimsSetVerifier(new IdTokenClaims(trusted.issuer(), audience, clock));
        try {
            return processor.process(signed, null);
        } catch (IdTokenClaims.Failed e) {
            throw e.refusal();
        } catch (IssuerKeys.Unavailable e) {
            throw IdTokenRefusal.issuerUnavailable(e.getMessage());
        } catch (BadJWSException e) {
            throw IdTokenRefusal.invalidSignature("The ID token's signature does not verify with its issuer's keys.");
        } catch (BadJOSEException e) {
            throw IdTokenRefusal.invalidSignature("No key of the issuer's key set matches the ID token's kid and"
                    + " algorithm.");
        } catch (JOSEException e) {
            throw IdTokenRefusal.invalidSignature("The ID token's signature cannot be checked: " + e.getMessage());
        }
    }

    private IssuerKeys keysOf(TrustedIssuer trusted) {
        return keys.computeIfAbsent(trusted.issuer(), issuer -> new IssuerKeys(
                IssuerUrl.parse(issuer, issuers.allowHttp()), issuers.allowHttp(), retriever, clock));
    }

    /** Who has seen a token: a digest of its issuer and jti, so the table holds neither. */
    static String digest(String issuer, String jti) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(issuer.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            return HexFormat.of().formatHex(sha256.digest(jti.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** Deletes the digests of tokens that can no longer verify; answers how many went. */
    public int prune() {
        int pruned = seen.pruneBefore(clock.instant().minus(PRUNE_MARGIN));
        if (pruned > 0) {
            LOG.info("pruned {} used ID tokens past their expiry", pruned);
        }
        return pruned;
    }

    /** Prunes in the background every {@link #PRUNE_EVERY}; close the answer to stop. */
    public Periodic startPruning() {
        return new Periodic("latchkey-oidc-prune", this::prune).schedule(PRUNE_EVERY, PRUNE_EVERY);
    }
}
