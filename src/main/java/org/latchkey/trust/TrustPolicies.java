package org.latchkey.trust;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.latchkey.InvalidField;
import org.latchkey.Refusal;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.auth.Principal;
import org.latchkey.token.Level;
import org.latchkey.token.Permission;
import org.latchkey.token.Permissions;
import org.latchkey.token.ResourceOwners;

/**
 * Trust policies of users and organisations ("trusted publishers"): creating, listing and deleting
 * them for an owner the caller may manage (the adapter decides that), and matching a CI job's
 * verified ID-token claims against every policy naming its issuer.
 */
public final class TrustPolicies {

    static final int MAX_PER_OWNER = 100;

    private final TrustPolicyStore store;
    private final PolicyValidation validation;
    private final JobTokens jobs;
    private final AuditLog audit;
    private final Clock clock;

    public TrustPolicies(TrustPolicyStore store, IssuerTrust issuers, ResourceOwners owners, boolean allowHttpIssuers,
                         JobTokens jobs, AuditLog audit, Clock clock) {
        this.store = store;
        this.jobs = jobs;
        this.validation = new PolicyValidation(issuers, owners, allowHttpIssuers);
        this.audit = audit;
        this.clock = clock;
    }

    public TrustPolicy create(Principal principal, PolicyOwner owner, PolicySpec spec, Origin origin) {
        String name = PolicyValidation.name(spec.name());
        String issuer = validation.issuer(spec.issuer());
        Map<String, ClaimRule> claims = PolicyValidation.claims(issuer, spec.claims());
        Permissions permissions = PolicyValidation.permissions(spec.permissions());
        Map<String, Long> repositories = validation.repositories(owner, spec.repositories(), permissions);
        List<String> packages = PolicyValidation.packages(owner, spec.packages(), permissions);
        int lifetime = PolicyValidation.lifetime(spec.lifetimeMinutes());
        if (store.listByOwner(owner.id()).size() >= MAX_PER_OWNER) {
            throw InvalidField.invalid("name", owner.login() + " has " + MAX_PER_OWNER + " trust policies, the most"
                    + " allowed; delete one first");
        }
        TrustPolicy policy = store.insert(new NewTrustPolicy(owner.id(), principal.user().id(), name, issuer, claims,
                        repositories, packages, permissions, lifetime, clock.instant().truncatedTo(ChronoUnit.MILLIS)))
                .orElseThrow(() -> InvalidField.alreadyExists("name", owner.login() + " already has a trust policy named '"
                        + name + "'"));
        record(AuditAction.TRUST_POLICY_CREATED, principal, policy, origin);
        return policy;
    }

    public List<TrustPolicy> list(PolicyOwner owner) {
        return store.listByOwner(owner.id());
    }

    public TrustPolicy get(PolicyOwner owner, long id) {
        return store.find(id).filter(policy -> policy.ownerId() == owner.id())
                .orElseThrow(() -> Refusal.notFound("trust_policy_not_found", "Trust policy " + id + " not found."));
    }

    public void delete(Principal principal, PolicyOwner owner, long id, Origin origin) {
        TrustPolicy policy = get(owner, id);
        if (store.delete(policy.id())) {
            record(AuditAction.TRUST_POLICY_DELETED, principal, policy, origin);
        }
        jobs.revokeMintedBy(policy.ownerId(), policy.id(), origin);
    }

    /**
     * Every policy naming {@code issuer} applied to a job's verified claims: per owner, the union of
     * what its matching policies grant; and for every policy that did not match, which claims failed.
     */
    public Matching grantsFor(String issuer, Map<String, Object> claims) {
        Map<Long, List<TrustPolicy>> matched = new LinkedHashMap<>();
        List<PolicyMismatch> mismatches = new ArrayList<>();
        for (TrustPolicy policy : store.listByIssuer(issuer)) {
            List<Mismatch> failed = policy.mismatches(claims);
            if (failed.isEmpty()) {
                matched.computeIfAbsent(policy.ownerId(), id -> new ArrayList<>()).add(policy);
            } else {
                mismatches.add(new PolicyMismatch(policy.id(), policy.name(), policy.ownerId(), policy.ownerLogin(), failed));
            }
        }
        return new Matching(matched.values().stream().map(TrustPolicies::union).toList(), mismatches);
    }

    /** Records in each owner's security log why its policies did not match a refused exchange (request id given). */
    public void recordMismatches(Matching matching, String requestId, JobClaims job, Origin origin) {
        Map<Long, List<PolicyMismatch>> byOwner = new LinkedHashMap<>();
        matching.mismatches().forEach(m -> byOwner.computeIfAbsent(m.ownerId(), id -> new ArrayList<>()).add(m));
        byOwner.forEach((ownerId, list) -> audit.record(AuditAction.TRUST_POLICY_NO_MATCH, ownerId, job.project(), null,
                origin, Map.of("request_id", requestId, "issuer", job.issuer(), "subject", job.shownSubject(),
                        "job", JobRecord.describe(job),
                        "explanation", String.join(" | ", list.stream().map(PolicyMismatch::describe).toList()))));
    }

    private static OwnerGrant union(List<TrustPolicy> policies) {
        TrustPolicy first = policies.get(0);
        Set<Long> repositoryIds = new LinkedHashSet<>();
        Set<String> repositories = new LinkedHashSet<>();
        Set<String> packages = new LinkedHashSet<>();
        EnumMap<Permission, Level> levels = new EnumMap<>(Permission.class);
        int lifetime = PolicyValidation.MAX_LIFETIME;
        for (TrustPolicy policy : policies) {
            repositoryIds.addAll(policy.repositories().values());
            repositories.addAll(policy.repositories().keySet());
            packages.addAll(policy.packages());
            for (Permission permission : List.of(Permission.CONTENTS, Permission.PACKAGES)) {
                for (Level level : List.of(Level.WRITE, Level.READ)) {
                    if (policy.permissions().allows(permission, level)) {
                        levels.merge(permission, level, (a, b) -> a.covers(b) ? a : b);
                        break;
                    }
                }
            }
            lifetime = Math.min(lifetime, policy.lifetimeMinutes());
        }
        return new OwnerGrant(first.ownerId(), first.ownerLogin(), first.orgOwned(),
                first.orgOwned() ? first.createdBy() : first.ownerId(), repositoryIds, List.copyOf(repositories),
                List.copyOf(packages), Permissions.of(levels), lifetime, policies.stream().map(TrustPolicy::id).toList());
    }

    private void record(AuditAction action, Principal principal, TrustPolicy policy, Origin origin) {
        Map<String, String> details = Map.of("trust_policy", policy.name(), "trust_policy_id", Long.toString(policy.id()),
                "issuer", policy.issuer(), "owner", policy.ownerLogin());
        audit.record(action, policy.ownerId(), principal.user().login(), principal.token().id(), origin, details);
        if (policy.ownerId() != principal.user().id()) {
            audit.record(action, principal.user().id(), principal.user().login(), principal.token().id(), origin, details);
        }
    }
}
