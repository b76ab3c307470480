package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latchkey.auth.Principal;
import org.latchkey.auth.Requirement;
import org.latchkey.org.Org;
import org.latchkey.org.OrgService;
import org.latchkey.trust.JobTokenStore;
import org.latchkey.trust.JobTokens;
import org.latchkey.trust.PolicyOwner;
import org.latchkey.trust.PolicySpec;
import org.latchkey.trust.TrustPolicies;
import org.latchkey.trust.TrustPolicy;

/**
 * Trust policies ("trusted publishers") of the signed-in user and of organisations they own, the
 * job tokens minted by them, and {@code DELETE /api/v1/oidc/token}, by which a job token revokes itself.
 */
public final class TrustRoutes implements RouteGroup {

    /** A policy as the API shows it: claims as written ({@code refs/tags/v*}), permissions without the implied metadata. */
    record PolicyJson(long id, String name, String owner, String issuer, String provider, Map<String, String> claims,
                      List<String> repositories, List<String> packages, Map<String, String> permissions,
                      int lifetimeMinutes, Instant createdAt) {
        static PolicyJson of(TrustPolicy policy) {
            Map<String, String> claims = new LinkedHashMap<>();
            policy.claims().values().stream().sorted(java.util.Comparator.comparing(rule -> rule.claim()))
                    .forEach(rule -> claims.put(rule.claim(), rule.wire()));
            Map<String, String> permissions = new LinkedHashMap<>(policy.permissions().wire());
            permissions.remove("metadata");
            return new PolicyJson(policy.id(), policy.name(), policy.ownerLogin(), policy.issuer(),
                    policy.provider().wireName(), claims, List.copyOf(policy.repositories().keySet()), policy.packages(),
                    permissions, policy.lifetimeMinutes(), policy.createdAt());
        }
    }

    /** A job token as its owner's list shows it: never its secret, with the job it was minted for. */
    record JobJson(long id, String name, String description, String state, Instant createdAt, Instant expiresAt,
                   Instant lastUsedAt, String issuer, String subject, String workflow, String ref, String runId, String sha,
                   List<Long> policyIds) {
        static JobJson of(JobTokenStore.JobToken job, Instant now) {
            var token = job.token();
            var record = job.job();
            return new JobJson(token.id(), token.name(), token.description(), token.stateAt(now).name().toLowerCase(
                    java.util.Locale.ROOT), token.createdAt(), token.expiresAt(), token.usage().lastUsedAt(), record.issuer(),
                    record.subject(), record.workflow(), record.ref(), record.runId(), record.sha(), record.policyIds());
        }
    }

    private final TrustPolicies policies;
    private final JobTokens jobs;
    private final OrgService orgs;
    private final UsagePages usage;
    private final Clock clock;

    public TrustRoutes(TrustPolicies policies, JobTokens jobs, OrgService orgs, UsagePages usage, Clock clock) {
        this.usage = usage;
        this.policies = policies;
        this.jobs = jobs;
        this.orgs = orgs;
        this.clock = clock;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        for (String base : List.of("/api/v1/user", "/api/v1/orgs/{org}")) {
            api.post(base + "/trust-policies", Requirement.session(), (ctx, principal) -> ctx.status(201).json(PolicyJson.of(
                    policies.create(principal, owner(ctx, principal), JsonBody.read(ctx, PolicySpec.class), Api.origin(ctx)))));
            api.get(base + "/trust-policies", Requirement.session(), (ctx, principal) ->
                    ctx.json(policies.list(owner(ctx, principal)).stream().map(PolicyJson::of).toList()));
            api.get(base + "/trust-policies/{id}", Requirement.session(), (ctx, principal) ->
                    ctx.json(PolicyJson.of(policies.get(owner(ctx, principal), Api.idParam(ctx)))));
            api.delete(base + "/trust-policies/{id}", Requirement.session(), (ctx, principal) -> {
                policies.delete(principal, owner(ctx, principal), Api.idParam(ctx), Api.origin(ctx));
                ctx.status(204);
            });
            api.get(base + "/job-tokens", Requirement.session(), (ctx, principal) -> {
                Instant now = clock.instant();
                ctx.json(jobs.list(owner(ctx, principal).id()).stream().map(job -> JobJson.of(job, now)).toList());
            });
            api.delete(base + "/job-tokens/{id}", Requirement.session(), (ctx, principal) -> {
                jobs.revoke(owner(ctx, principal).id(), Api.idParam(ctx), principal.user().login(), Api.origin(ctx));
                ctx.status(204);
            });
            api.get(base + "/job-tokens/{id}/usage", Requirement.session(), (ctx, principal) ->
                    usage.answer(ctx, jobs.idOf(owner(ctx, principal).id(), Api.idParam(ctx))));
        }
        api.delete("/api/v1/oidc/token", Requirement.anyToken(), (ctx, principal) -> {
            jobs.revokeSelf(principal.token().stored(), Api.origin(ctx));
            ctx.status(204);
        });
    }

    /** The signed-in user, or the organisation of the path, which only its owners manage (else 403/404). */
    private PolicyOwner owner(Context ctx, Principal principal) {
        if (!ctx.pathParamMap().containsKey("org")) {
            return new PolicyOwner(principal.user().id(), principal.user().login(), false);
        }
        Org org = orgs.managed(principal, ctx.pathParam("org"));
        return new PolicyOwner(org.id(), org.login(), true);
    }
}
