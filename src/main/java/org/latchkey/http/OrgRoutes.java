package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import org.latchkey.auth.Requirement;
import org.latchkey.auth.Principal;
import org.latchkey.org.Membership;
import org.latchkey.org.Org;
import org.latchkey.org.OrgService;
import org.latchkey.org.OrgTokens;
import org.latchkey.token.Scope;
import org.latchkey.token.TokenPolicy;

/** {@code /api/v1/orgs}: organisations, members, token policy, token requests and tokens. */
public final class OrgRoutes implements RouteGroup {

    record CreateRequest(String login) {
    }

    record MemberRequest(String role) {
    }

    record DenyRequest(String reason) {
    }

    record OrgJson(long id, String login, Instant createdAt) {
        static OrgJson of(Org org) {
            return new OrgJson(org.id(), org.login(), org.createdAt());
        }
    }

    record MemberJson(String login, String role, Instant since) {
        static MemberJson of(Membership membership) {
            return new MemberJson(membership.login(), membership.role().wireName(), membership.since());
        }
    }

    private final OrgService orgs;
    private final OrgTokens orgTokens;
    private final TokenViews views;
    private final Clock clock;
    private final AuditPages audits;

    public OrgRoutes(OrgService orgs, OrgTokens orgTokens, TokenViews views, AuditPages audits, Clock clock) {
        this.audits = audits;
        this.orgs = orgs;
        this.orgTokens = orgTokens;
        this.views = views;
        this.clock = clock;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        api.post("/api/v1/orgs", Requirement.scope(Scope.ADMIN_ORG), this::create);
        api.get("/api/v1/user/orgs", Requirement.scope(Scope.READ_ORG), (ctx, principal) ->
                ctx.json(orgs.mine(principal).stream().map(OrgJson::of).toList()));
        api.get("/api/v1/orgs/{org}", Requirement.anyToken(), (ctx, principal) -> ctx.json(OrgJson.of(orgs.get(org(ctx)))));
        api.get("/api/v1/orgs/{org}/members", Requirement.anyToken(), (ctx, principal) ->
                ctx.json(orgs.members(principal, org(ctx)).stream().map(MemberJson::of).toList()));
        api.put("/api/v1/orgs/{org}/members/{user}", Requirement.anyToken(), this::putMember);
        api.delete("/api/v1/orgs/{org}/members/{user}", Requirement.anyToken(), (ctx, principal) -> {
            orgs.removeMember(principal, org(ctx), ctx.pathParam("user"), Api.origin(ctx));
            ctx.status(204);
        });
        api.get("/api/v1/orgs/{org}/token-policy", Requirement.anyToken(), (ctx, principal) ->
                ctx.json(orgs.policy(principal, org(ctx))));
        api.put("/api/v1/orgs/{org}/token-policy", Requirement.anyToken(), (ctx, principal) ->
                ctx.json(orgs.putPolicy(principal, org(ctx), JsonBody.read(ctx, TokenPolicy.class), Api.origin(ctx))));
        api.get("/api/v1/orgs/{org}/token-requests", Requirement.anyToken(), (ctx, principal) ->
                ctx.json(views.all(orgTokens.requests(principal, org(ctx)), clock.instant())));
        api.post("/api/v1/orgs/{org}/token-requests/{id}/approve", Requirement.anyToken(), (ctx, principal) ->
                ctx.json(views.of(orgTokens.approve(principal, org(ctx), Api.idParam(ctx), Api.origin(ctx)), clock.instant())));
        api.post("/api/v1/orgs/{org}/token-requests/{id}/deny", Requirement.anyToken(), (ctx, principal) ->
                ctx.json(views.of(orgTokens.deny(principal, org(ctx), Api.idParam(ctx),
                        JsonBody.read(ctx, DenyRequest.class).reason(), Api.origin(ctx)), clock.instant())));
        api.get("/api/v1/orgs/{org}/tokens", Requirement.anyToken(), (ctx, principal) ->
                ctx.json(views.all(orgTokens.active(principal, org(ctx)), clock.instant())));
        api.get("/api/v1/orgs/{org}/audit-log", Requirement.anyToken(), (ctx, principal) ->
                audits.answer(ctx, orgs.managed(principal, org(ctx)).id()));
        api.post("/api/v1/orgs/{org}/tokens/{id}/revoke", Requirement.anyToken(), (ctx, principal) -> {
            orgTokens.revoke(principal, org(ctx), Api.idParam(ctx), Api.origin(ctx));
            ctx.status(204);
        });
    }

    private void create(Context ctx, Principal principal) throws Exception {
        ctx.status(201).json(OrgJson.of(orgs.create(principal, JsonBody.read(ctx, CreateRequest.class).login(), Api.origin(ctx))));
    }

    private void putMember(Context ctx, Principal principal) throws Exception {
        MemberRequest request = JsonBody.optional(ctx, MemberRequest.class);
        orgs.putMember(principal, org(ctx), ctx.pathParam("user"), request == null ? null : request.role(), Api.origin(ctx));
        ctx.json(orgs.members(principal, org(ctx)).stream().map(MemberJson::of)
                .filter(member -> member.login().equalsIgnoreCase(ctx.pathParam("user"))).findFirst().orElseThrow());
    }

    private static String org(Context ctx) {
        return ctx.pathParam("org");
    }
}
