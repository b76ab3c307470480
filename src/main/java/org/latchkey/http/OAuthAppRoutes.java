package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.latchkey.auth.Principal;
import org.latchkey.auth.Requirement;
import org.latchkey.oauth.AuthorizedApp;
import org.latchkey.oauth.ClientSecret;
import org.latchkey.oauth.CreatedApp;
import org.latchkey.oauth.NewClientSecret;
import org.latchkey.oauth.OAuthApp;
import org.latchkey.oauth.OAuthApps;
import org.latchkey.oauth.OAuthGrants;
import java.time.Clock;
import org.latchkey.Refusal;
import org.latchkey.token.Token;
import org.latchkey.token.TokenType;
import org.latchkey.org.Org;
import org.latchkey.org.OrgService;
import org.latchkey.InvalidField;
import org.latchkey.oauth.OrgAppPolicy;
import org.latchkey.oauth.OrgAppRestrictions;

/**
 * OAuth apps owned by the caller ({@code /api/v1/user/oauth-apps}) or by an organisation the caller
 * owns ({@code /api/v1/orgs/{org}/oauth-apps}), their client secrets, and the apps the caller has
 * authorized ({@code /api/v1/user/oauth-grants}); with a session only.
 */
public final class OAuthAppRoutes implements RouteGroup {

    record AppJson(long id, String clientId, String name, String homepageUrl, String description,
                   List<String> callbackUrls, boolean confidential, String owner, Instant createdAt) {
        static AppJson of(OAuthApp app) {
            return new AppJson(app.id(), app.clientId(), app.name(), app.details().homepageUrl(),
                    app.details().description(), app.callbackUrls(), app.confidential(), app.ownerLogin(), app.createdAt());
        }
    }

    record CreatedJson(long id, String clientId, String clientSecret, Long clientSecretId, String name,
                       String homepageUrl, String description, List<String> callbackUrls, boolean confidential,
                       String owner, Instant createdAt) {
        static CreatedJson of(CreatedApp created) {
            OAuthApp app = created.app();
            NewClientSecret secret = created.secret();
            return new CreatedJson(app.id(), app.clientId(), secret == null ? null : secret.secret(),
                    secret == null ? null : secret.listed().id(), app.name(), app.details().homepageUrl(),
                    app.details().description(), app.callbackUrls(), app.confidential(), app.ownerLogin(), app.createdAt());
        }
    }

    record SecretJson(long id, Instant createdAt, Instant lastUsedAt) {
        static SecretJson of(ClientSecret secret) {
            return new SecretJson(secret.id(), secret.createdAt(), secret.lastUsedAt());
        }
    }

    record NewSecretJson(long id, String clientSecret, Instant createdAt) {
    }

    record GrantJson(long id, List<String> scopes, Instant createdAt, Instant updatedAt, Instant lastUsedAt, AppJson app) {
        static GrantJson of(AuthorizedApp authorized) {
            return new GrantJson(authorized.grant().id(), authorized.grant().scopes().wireNames(),
                    authorized.grant().createdAt(), authorized.grant().updatedAt(), authorized.grant().lastUsedAt(),
                    AppJson.of(authorized.app()));
        }
    }

    record AppTokenJson(long id, String app, String type, List<String> scopes, String state, Instant createdAt,
                        Instant expiresAt, Instant lastUsedAt) {
        static AppTokenJson of(Token token, Instant now) {
            return new AppTokenJson(token.id(), token.name(), token.type() == TokenType.OAUTH_ACCESS ? "access" : "refresh",
                    token.scopes().wireNames(), token.stateAt(now).name().toLowerCase(java.util.Locale.ROOT),
                    token.createdAt(), token.expiresAt(), token.usage() == null ? null : token.usage().lastUsedAt());
        }
    }

    private static final String USER_APPS = "/api/v1/user/oauth-apps";
    private static final String ORG_APPS = "/api/v1/orgs/{org}/oauth-apps";
    private static final String GRANTS = "/api/v1/user/oauth-grants";

    /** Who owns the apps a path names, for this caller. */
    @FunctionalInterface
    private interface Owner {
        long of(Context ctx, Principal principal);
    }

    private final OAuthApps apps;
    private final OAuthGrants grants;
    private final OrgAppRestrictions restrictions;
    private final OrgService orgs;
    private final UsagePages usage;
    private final Clock clock;

    public OAuthAppRoutes(OAuthApps apps, OAuthGrants grants, OrgAppRestrictions restrictions, OrgService orgs,
                          UsagePages usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
        this.apps = apps;
        this.grants = grants;
        this.restrictions = restrictions;
        this.orgs = orgs;
    }

    @Override
    public void register(Routes routes) {
        Api api = routes.api();
        appRoutes(api, USER_APPS, (ctx, principal) -> principal.user().id());
        appRoutes(api, ORG_APPS, (ctx, principal) -> orgs.managed(principal, ctx.pathParam("org")).id());
        restrictionRoutes(api);
        api.get(GRANTS, Requirement.session(), (ctx, principal) ->
                ctx.json(grants.list(principal.user().id()).stream().map(GrantJson::of).toList()));
        api.get(GRANTS + "/{id}", Requirement.session(), (ctx, principal) ->
                ctx.json(GrantJson.of(grants.get(principal.user(), Api.idParam(ctx)))));
        api.get(GRANTS + "/{id}/tokens", Requirement.session(), (ctx, principal) -> {
            java.time.Instant now = java.time.Instant.now(clock);
            ctx.json(grants.tokens(principal.user(), Api.idParam(ctx)).stream().map(t -> AppTokenJson.of(t, now)).toList());
        });
        api.get(GRANTS + "/{id}/tokens/{token_id}/usage", Requirement.session(), (ctx, principal) -> {
            long tokenId = tokenId(ctx);
            long grantId = Api.idParam(ctx);
            Token token = grants.tokens(principal.user(), grantId).stream().filter(t -> t.id() == tokenId)
                    .findFirst().orElseThrow(Refusal::notFound);
            OAuthApp app = grants.get(principal.user(), grantId).app();
            usage.answer(ctx, token.id(), new UsagePages.AppJson(app.name(), app.clientId()));
        });
        api.delete(GRANTS + "/{id}", Requirement.session(), (ctx, principal) -> {
            long id = Api.idParam(ctx);
            JsonBody.none(ctx);
            grants.revoke(principal.user(), id, Api.origin(ctx));
            ctx.status(204);
        });
    }

    record PolicyRequest(Boolean restricted) {
    }

    record PolicyJson(boolean restricted, List<Long> approvedAppIds) {
        static PolicyJson of(OrgAppPolicy policy) {
            return new PolicyJson(policy.restricted(), policy.approvedAppIds().stream().sorted().toList());
        }
    }

    /** An organisation's OAuth app access restriction and approvals, for its owners. */
    private void restrictionRoutes(Api api) {
        String policy = "/api/v1/orgs/{org}/oauth-app-policy";
        String approvals = "/api/v1/orgs/{org}/oauth-app-approvals/{client_id}";
        api.get(policy, Requirement.session(), (ctx, principal) ->
                ctx.json(PolicyJson.of(restrictions.policy(orgs.managed(principal, ctx.pathParam("org"))))));
        api.put(policy, Requirement.session(), (ctx, principal) -> {
            Org org = orgs.managed(principal, ctx.pathParam("org"));
            PolicyRequest request = JsonBody.read(ctx, PolicyRequest.class);
            if (request == null || request.restricted() == null) {
                throw InvalidField.missing("restricted");
            }
            restrictions.restrict(org, request.restricted(), principal.user(), Api.origin(ctx));
            ctx.json(PolicyJson.of(restrictions.policy(org)));
        });
        api.put(approvals, Requirement.session(), (ctx, principal) -> {
            Org org = orgs.managed(principal, ctx.pathParam("org"));
            JsonBody.none(ctx);
            restrictions.approve(org, ctx.pathParam("client_id"), true, principal.user(), Api.origin(ctx));
            ctx.status(204);
        });
        api.delete(approvals, Requirement.session(), (ctx, principal) -> {
            Org org = orgs.managed(principal, ctx.pathParam("org"));
            JsonBody.none(ctx);
            restrictions.approve(org, ctx.pathParam("client_id"), false, principal.user(), Api.origin(ctx));
            ctx.status(204);
        });
    }

    private void appRoutes(Api api, String base, Owner owner) {
        api.post(base, Requirement.session(), (ctx, principal) -> {
            OAuthApps.Request request = JsonBody.read(ctx, OAuthApps.Request.class);
            CreatedApp created = apps.create(owner.of(ctx, principal), principal.user(), request, Api.origin(ctx));
            ctx.status(201).json(CreatedJson.of(created));
        });
        api.get(base, Requirement.session(), (ctx, principal) ->
                ctx.json(apps.list(owner.of(ctx, principal)).stream().map(AppJson::of).toList()));
        api.get(base + "/{id}", Requirement.session(), (ctx, principal) ->
                ctx.json(AppJson.of(apps.get(owner.of(ctx, principal), Api.idParam(ctx)))));
        api.patch(base + "/{id}", Requirement.session(), (ctx, principal) -> {
            long ownerId = owner.of(ctx, principal);
            long id = Api.idParam(ctx);
            OAuthApps.Request request = JsonBody.read(ctx, OAuthApps.Request.class);
            ctx.json(AppJson.of(apps.update(ownerId, id, principal.user(), request, Api.origin(ctx))));
        });
        api.delete(base + "/{id}", Requirement.session(), (ctx, principal) -> {
            long ownerId = owner.of(ctx, principal);
            long id = Api.idParam(ctx);
            JsonBody.none(ctx);
            apps.delete(ownerId, id, principal.user(), Api.origin(ctx));
            ctx.status(204);
        });
        api.get(base + "/{id}/client-secrets", Requirement.session(), (ctx, principal) ->
                ctx.json(apps.secrets(owner.of(ctx, principal), Api.idParam(ctx)).stream().map(SecretJson::of).toList()));
        api.post(base + "/{id}/client-secrets", Requirement.session(), (ctx, principal) -> {
            long ownerId = owner.of(ctx, principal);
            long id = Api.idParam(ctx);
            JsonBody.none(ctx);
            NewClientSecret secret = apps.addSecret(ownerId, id, principal.user(), Api.origin(ctx));
            ctx.status(201).json(new NewSecretJson(secret.listed().id(), secret.secret(), secret.listed().createdAt()));
        });
        api.delete(base + "/{id}/client-secrets/{sid}", Requirement.session(), (ctx, principal) -> {
            long ownerId = owner.of(ctx, principal);
            long id = Api.idParam(ctx);
            long secretId = secretId(ctx);
            JsonBody.none(ctx);
            apps.removeSecret(ownerId, id, secretId, principal.user(), Api.origin(ctx));
            ctx.status(204);
        });
        api.delete(base + "/{id}/tokens", Requirement.session(), (ctx, principal) -> {
            long ownerId = owner.of(ctx, principal);
            long id = Api.idParam(ctx);
            JsonBody.none(ctx);
            ctx.json(Map.of("tokens_revoked", apps.revokeAllTokens(ownerId, id, principal.user(), Api.origin(ctx))));
        });
    }

    private static long tokenId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("token_id"));
        } catch (NumberFormatException e) {
            throw Refusal.notFound();
        }
    }

    private static long secretId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("sid"));
        } catch (NumberFormatException e) {
            throw org.latchkey.Refusal.notFound();
        }
    }
}
