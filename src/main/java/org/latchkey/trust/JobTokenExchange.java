package org.latchkey.trust;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.latchkey.Refusal;
import org.latchkey.audit.Origin;
import org.latchkey.oidc.IdTokens;
import org.latchkey.oidc.VerifiedIdToken;
import org.latchkey.token.IssuedToken;

/**
 * The exchange of a CI job's ID token for a job token: the ID token is verified completely for the
 * expected audience ({@link IdTokens}), matched against every policy naming its issuer, and a job
 * token minted for the one owner chosen. Every exchange has a request id; a refusal
 * ({@link ExchangeRefused}) names only the failed check and that id, and a job no policy matched is
 * explained to the owners whose policies it missed, in their security log under that id.
 */
public final class JobTokenExchange {

    /** A minted job token, what it grants, and the exchange's request id. */
    public record Exchanged(IssuedToken token, OwnerGrant grant, String requestId) {
    }

    private final IdTokens idTokens;
    private final TrustPolicies policies;
    private final JobTokens jobs;
    private final SecureRandom random;

    public JobTokenExchange(IdTokens idTokens, TrustPolicies policies, JobTokens jobs, SecureRandom random) {
        this.idTokens = idTokens;
        this.policies = policies;
        this.jobs = jobs;
        this.random = random;
    }

    /**
     * Exchanges {@code jwt}, which must name {@code audience}; {@code owner} (a login, or null) picks
     * the owner when the request implies one (npm's package scope, git's repository path).
     */
    public Exchanged exchange(String jwt, String audience, String owner, Origin origin) {
        String requestId = requestId();
        try {
            VerifiedIdToken verified = idTokens.verify(jwt, audience);
            JobClaims job = new JobClaims(verified.issuer(), verified.subject(), verified.claims());
            Matching matching = policies.grantsFor(verified.issuer(), verified.claims());
            OwnerGrant grant;
            try {
                grant = matching.choose(owner);
            } catch (Refusal refusal) {
                policies.recordMismatches(forOwner(matching, owner), requestId, job, origin);
                throw refusal;
            }
            return new Exchanged(jobs.mint(grant, job, origin), grant, requestId);
        } catch (ExchangeRefused refused) {
            throw refused;
        } catch (Refusal refusal) {
            throw new ExchangeRefused(refusal, requestId);
        }
    }

    /** With an owner named, only that owner learns of the job (the others' policies were never in question). */
    private static Matching forOwner(Matching matching, String owner) {
        if (owner == null || owner.isEmpty()) {
            return matching;
        }
        return new Matching(matching.grants(), matching.mismatches().stream()
                .filter(mismatch -> mismatch.ownerLogin().equalsIgnoreCase(owner)).toList());
    }

    private String requestId() {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
