package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.latchkey.InvalidField;
import org.latchkey.Refusal;
import org.latchkey.SecretShape;
import org.latchkey.audit.Origin;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;
import org.latchkey.oauth.CreatedApp;
import org.latchkey.oauth.NewClientSecret;
import org.latchkey.oauth.OAuthApp;
import org.latchkey.oauth.OAuthApps;
import org.latchkey.org.OrgService;

/**
 * Settings › Developer settings › OAuth apps ({@code /settings/developers/oauth-apps}) and an
 * organisation's ({@code /orgs/{org}/settings/oauth-apps}, for its owners): register an app, see
 * it, add and delete client secrets (a new one shown once), revoke every token, delete it.
 */
public final class OAuthAppPages implements RouteGroup {

    static final String USER = "/settings/developers/oauth-apps";
    static final String ORG = "/orgs/{org}/settings/oauth-apps";

    /** Whose apps a page shows: the owner's id and the page's base path. */
    private record Owner(long id, String base, String name) {
    }

    private final OAuthApps apps;
    private final OrgService orgs;
    private final WebRoutes web;
    private final Pages pages;

    public OAuthAppPages(OAuthApps apps, OrgService orgs, WebRoutes web) {
        this.apps = apps;
        this.orgs = orgs;
        this.web = web;
        this.pages = web.pages();
    }

    @Override
    public void register(Routes routes) {
        WebRoutes.SignedIn signed = web.on(routes);
        for (String base : List.of(USER, ORG)) {
            signed.get(base, (ctx, visitor) -> list(ctx, visitor, owner(ctx, visitor), 200, Map.of(), Map.of()));
            signed.post(base, this::create);
            signed.get(base + "/{id}", (ctx, visitor) -> show(ctx, visitor, owner(ctx, visitor), null));
            signed.post(base + "/{id}/client-secrets", (ctx, visitor) -> {
                Owner owner = owner(ctx, visitor);
                show(ctx, visitor, owner, apps.addSecret(owner.id(), id(ctx, "id"), visitor.principal().user(), origin(ctx)));
            });
            signed.post(base + "/{id}/client-secrets/{sid}/delete", (ctx, visitor) -> {
                Owner owner = owner(ctx, visitor);
                long id = id(ctx, "id");
                apps.removeSecret(owner.id(), id, id(ctx, "sid"), visitor.principal().user(), origin(ctx));
                ctx.redirect(owner.base() + "/" + id, HttpStatus.SEE_OTHER);
            });
            signed.post(base + "/{id}/revoke-tokens", (ctx, visitor) -> {
                Owner owner = owner(ctx, visitor);
                long id = id(ctx, "id");
                apps.revokeAllTokens(owner.id(), id, visitor.principal().user(), origin(ctx));
                ctx.redirect(owner.base() + "/" + id + "?revoked=1", HttpStatus.SEE_OTHER);
            });
            signed.post(base + "/{id}/delete", (ctx, visitor) -> {
                Owner owner = owner(ctx, visitor);
                apps.delete(owner.id(), id(ctx, "id"), visitor.principal().user(), origin(ctx));
                ctx.redirect(owner.base(), HttpStatus.SEE_OTHER);
            });
        }
    }

    private Owner owner(Context ctx, WebSession.Visitor visitor) {
        String org = ctx.pathParamMap().get("org");
        if (org == null) {
            return new Owner(visitor.principal().user().id(), USER, visitor.principal().user().login());
        }
        long id = orgs.managed(visitor.principal(), org).id();
        return new Owner(id, "/orgs/" + org + "/settings/oauth-apps", org);
    }

    private void list(Context ctx, WebSession.Visitor visitor, Owner owner, int status, Map<String, String> errors,
                      Map<String, String> form) {
        pages.render(ctx, status, "oauth-apps", visitor, model("title", "OAuth apps", "apps", apps.list(owner.id()),
                "base", owner.base(), "ownerName", owner.name(), "errors", errors, "form", form));
    }

    private void create(Context ctx, WebSession.Visitor visitor) {
        Owner owner = owner(ctx, visitor);
        Map<String, String> form = Map.of(
                "name", value(ctx, "name"), "homepage_url", value(ctx, "homepage_url"),
                "description", value(ctx, "description"), "callback_urls", value(ctx, "callback_urls"),
                "confidential", "public".equals(ctx.formParam("type")) ? "public" : "confidential");
        List<String> callbacks = Arrays.stream(form.get("callback_urls").split("\\R")).map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
        try {
            CreatedApp created = apps.create(owner.id(), visitor.principal().user(), new OAuthApps.Request(
                    form.get("name"), form.get("homepage_url"), form.get("description").isBlank() ? null
                    : form.get("description"), callbacks, !"public".equals(form.get("confidential"))), origin(ctx));
            show(ctx, visitor, owner, created.app(), created.secret());
        } catch (InvalidField invalid) {
            Map<String, String> shown = new java.util.HashMap<>(form);
            shown.replaceAll((field, text) -> SecretShape.mayHoldSecret(text) ? "" : text);
            list(ctx, visitor, owner, invalid.kind().httpStatus(), Map.of(invalid.field(), invalid.getMessage()), shown);
        }
    }

    private void show(Context ctx, WebSession.Visitor visitor, Owner owner, NewClientSecret secret) {
        show(ctx, visitor, owner, apps.get(owner.id(), id(ctx, "id")), secret);
    }

    private void show(Context ctx, WebSession.Visitor visitor, Owner owner, OAuthApp app, NewClientSecret secret) {
        pages.render(ctx, 200, "oauth-app", visitor, model("title", app.name(), "app", app,
                "base", owner.base(), "secrets", app.confidential() ? apps.secrets(owner.id(), app.id()) : List.of(),
                "newSecret", secret, "revoked", ctx.queryParam("revoked") != null));
    }

    private static String value(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value;
    }

    private static long id(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw Refusal.notFound();
        }
    }

    private static Origin origin(Context ctx) {
        return new Origin(ctx.ip(), ctx.userAgent());
    }
}
