package org.latchkey.trust;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.latchkey.Refusal;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.token.FineGrained;
import org.latchkey.token.IssuedToken;
import org.latchkey.token.NewToken;
import org.latchkey.token.PackagePatterns;
import org.latchkey.token.ResourceGrant;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenCache;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenStore;
import org.latchkey.token.TokenType;

/**
 * Job tokens ({@code lkj_}): minted for one CI job from what its owner's matching trust policies
 * grant, living minutes, recording the job they were minted for. A job token is a fine-grained
 * token on one owner's selected repositories and named packages, and no more; it cannot manage
 * tokens, and revokes itself when the job ends.
 */
public final class JobTokens {

    private final JobTokenStore store;
    private final TokenStore tokens;
    private final TokenCache cache;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration retention;

    /** {@code retention}: how long expired job tokens stay in their owner's list (the usage log's retention). */
    public JobTokens(JobTokenStore store, TokenStore tokens, TokenCache cache, AuditLog audit, Clock clock, SecureRandom random,
                     Duration retention) {
        this.store = store;
        this.tokens = tokens;
        this.cache = cache;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
        this.retention = retention;
    }

    /** A job token for what {@code grant} allows, to the job {@code job} describes. */
    public IssuedToken mint(OwnerGrant grant, JobClaims job, Origin origin) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String secret = TokenFormat.generate(TokenType.JOB, random);
        ResourceGrant resources = new ResourceGrant(grant.ownerId(), grant.ownerLogin(), ResourceGrant.Selection.SELECTED,
                grant.repositoryIds(), ResourceGrant.Approval.NOT_REQUIRED, null, null, null);
        FineGrained reach = new FineGrained(grant.permissions(), List.of(resources), new PackagePatterns(grant.packages()));
        String described = JobRecord.describe(job);
        NewToken token = new NewToken(grant.tokenUserId(), TokenType.JOB, name(job), described, Scopes.NONE,
                TokenHash.of(secret), now, now.plus(Duration.ofMinutes(grant.lifetimeMinutes())), null, reach);
        Token stored = store.insert(token, JobRecord.of(0, grant.ownerId(), job, grant.policyIds()));
        Map<String, String> details = details(job, described);
        details.put("policy_ids", String.join(",", grant.policyIds().stream().map(String::valueOf).toList()));
        details.put("expires_at", stored.expiresAt().toString());
        audit.record(AuditAction.JOB_TOKEN_ISSUED, grant.ownerId(), job.project(), stored.id(), origin, details);
        if (grant.tokenUserId() != grant.ownerId()) {
            audit.record(AuditAction.JOB_TOKEN_ISSUED, grant.tokenUserId(), job.project(), stored.id(), origin, details);
        }
        return new IssuedToken(stored, secret);
    }

    /** The job token presenting itself is revoked: the last step of a job. Any other kind of token is refused. */
    public void revokeSelf(Token token, Origin origin) {
        if (token.type() != TokenType.JOB) {
            throw Refusal.of(Refusal.Kind.FORBIDDEN, "not_a_job_token", "Only a job token (lkj_) can revoke itself here.",
                    "Revoke personal access tokens with latchkey token revoke.");
        }
        Token revoked = tokens.revoke(token.id(), RevocationReason.JOB_FINISHED, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        cache.invalidate(token.hash());
        JobRecord job = store.find(token.id()).orElse(null);
        long ownerId = job == null ? token.userId() : job.ownerId();
        audit.record(AuditAction.JOB_TOKEN_REVOKED, ownerId, "job", revoked.id(), origin,
                Map.of("job", token.description() == null ? "" : token.description()));
    }

    /** An owner (or an owner of the organisation) stops one of its job tokens now; revoking one already stopped changes nothing. */
    public void revoke(long ownerId, long tokenId, String actor, Origin origin) {
        long id = idOf(ownerId, tokenId);
        Token token = tokens.findById(id).orElseThrow(() -> Refusal.noSuch("job token"));
        if (token.revokedAt() != null) {
            return;
        }
        tokens.revoke(id, RevocationReason.REVOKED, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        cache.invalidate(token.hash());
        audit.record(AuditAction.JOB_TOKEN_REVOKED, ownerId, actor, id, origin,
                Map.of("job", token.description() == null ? "" : token.description()));
    }

    /** Revokes the owner's live job tokens that the policy helped mint (its deletion stops them at once). */
    void revokeMintedBy(long ownerId, long policyId, Origin origin) {
        Instant now = clock.instant();
        for (JobTokenStore.JobToken job : store.listByOwner(ownerId, now)) {
            if (job.job().policyIds().contains(policyId) && job.token().isLiveAt(now)) {
                Token revoked = tokens.revoke(job.token().id(), RevocationReason.REVOKED, now.truncatedTo(ChronoUnit.MILLIS));
                cache.invalidate(job.token().hash());
                audit.record(AuditAction.JOB_TOKEN_REVOKED, ownerId, "trust policy deleted", revoked.id(), origin,
                        Map.of("job", job.token().description() == null ? "" : job.token().description(),
                                "trust_policy_id", Long.toString(policyId)));
            }
        }
    }

    /** The id of a job token of this owner, or 404 (another owner's looks the same as none). */
    public long idOf(long ownerId, long tokenId) {
        return store.find(tokenId).filter(job -> job.ownerId() == ownerId).map(JobRecord::tokenId)
                .orElseThrow(() -> Refusal.noSuch("job token"));
    }

    /** The owner's job tokens, live and recently ended (until the usage log's retention drops them), newest first. */
    public List<JobTokenStore.JobToken> list(long ownerId) {
        return store.listByOwner(ownerId, clock.instant().minus(retention));
    }

    private static String name(JobClaims job) {
        String name = "job " + job.project() + (job.workflow() == null ? "" : " " + job.workflow())
                + (job.runId() == null ? "" : " #" + job.runId());
        return name.length() > 100 ? name.substring(0, 100) : name;
    }

    private static Map<String, String> details(JobClaims job, String described) {
        Map<String, String> details = new HashMap<>();
        details.put("job", described);
        details.put("issuer", job.issuer());
        details.put("subject", job.shownSubject());
        put(details, "workflow", job.workflow());
        put(details, "ref", job.ref());
        put(details, "run_id", job.runId());
        put(details, "sha", job.sha());
        return details;
    }

    private static void put(Map<String, String> details, String key, String value) {
        if (value != null) {
            details.put(key, value);
        }
    }
}
