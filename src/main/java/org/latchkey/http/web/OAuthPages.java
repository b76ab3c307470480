package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.latchkey.Refusal;
import org.latchkey.audit.Origin;
import org.latchkey.audit.UsageEntry;
import org.latchkey.audit.UsageLog;
import org.latchkey.audit.UsageQuery;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;
import org.latchkey.oauth.AuthorizedApp;
import org.latchkey.oauth.Authorizations;
import org.latchkey.oauth.OAuthApps;
import org.latchkey.oauth.OAuthGrants;
import org.latchkey.token.Scope;
import org.latchkey.token.Token;
import org.latchkey.token.TokenType;

/**
 * {@code /login/oauth/authorize}, GitHub's path: the consent page naming the app, its owner and
 * each scope, for a signed-in session (two-factor included, as every web session is); and
 * {@code /settings/applications}, the apps a user has authorized, each revocable, and for each
 * ({@code /settings/applications/{id}}) its access tokens and their usage log, naming the app. An unknown client
 * or a redirect URI that was not registered is shown here and never redirected to.
 */
public final class OAuthPages implements RouteGroup {

    static final String AUTHORIZE = "/login/oauth/authorize";
    static final String APPLICATIONS = "/settings/applications";

    private final Authorizations authorizations;
    private final OAuthGrants grants;
    private final OAuthApps apps;
    private final WebRoutes web;
    private final WebSession session;
    private final Pages pages;
    private final UsageLog usage;

    public OAuthPages(Authorizations authorizations, OAuthGrants grants, OAuthApps apps, UsageLog usage, WebRoutes web) {
        this.usage = usage;
        this.authorizations = authorizations;
        this.grants = grants;
        this.apps = apps;
        this.web = web;
        this.session = web.session();
        this.pages = web.pages();
    }

    @Override
    public void register(Routes routes) {
        RoutesConfig open = routes.open();
        open.get(AUTHORIZE, this::authorize);
        open.post(AUTHORIZE, this::decide);
        WebRoutes.SignedIn signed = web.on(routes);
        signed.get(APPLICATIONS, this::applications);
        signed.get(APPLICATIONS + "/{id}", this::application);
        signed.post(APPLICATIONS + "/{id}/revoke", (ctx, visitor) -> {
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw Refusal.notFound();
            }
            grants.revoke(visitor.principal().user(), id, origin(ctx));
            ctx.redirect(APPLICATIONS, HttpStatus.SEE_OTHER);
        });
    }

    private void authorize(Context ctx) {
        Pages.securityHeaders(ctx);
        WebSession.Visitor visitor = session.visitor(ctx);
        Authorizations.Outcome checked = check(ctx, params(ctx, false), visitor);
        if (checked == null) {
            return;
        }
        if (!checked.needsConsent()) {
            ctx.redirect(checked.redirect(), HttpStatus.FOUND);
            return;
        }
        if (visitor == null) {
            String back = AUTHORIZE + "?" + ctx.queryString();
            ctx.redirect("/login?return_to=" + URLEncoder.encode(back, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            return;
        }
        Authorizations.Outcome outcome = authorizations.proceed(checked.consent(), visitor.principal().user(), origin(ctx));
        if (!outcome.needsConsent()) {
            ctx.redirect(outcome.redirect(), HttpStatus.FOUND);
            return;
        }
        Authorizations.Valid request = outcome.consent();
        List<Scope> added = Authorizations.added(request.scopes(), outcome.alreadyGranted());
        pages.render(ctx, "oauth-authorize", visitor, model("title", "Authorize " + request.app().name(),
                "app", request.app(), "scopes", request.scopes().granted().stream().toList(), "added", added,
                "again", !outcome.alreadyGranted().isEmpty(), "params", params(ctx, false),
                "redirectHost", URI.create(request.redirectTo()).getHost()));
        ctx.header("Content-Security-Policy", Pages.CSP.replace("form-action 'self'",
                "form-action 'self' " + origin(request.redirectTo())));
    }

    private void decide(Context ctx) {
        Pages.securityHeaders(ctx);
        WebSession.Visitor visitor = session.visitor(ctx);
        if (visitor == null) {
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        if (!WebSession.csrfValid(ctx, visitor)) {
            web.csrfRefused(ctx, visitor);
            return;
        }
        Authorizations.Outcome checked = check(ctx, params(ctx, true), visitor);
        if (checked == null) {
            return;
        }
        if (!checked.needsConsent()) {
            ctx.redirect(checked.redirect(), HttpStatus.SEE_OTHER);
            return;
        }
        boolean approved = "approve".equals(ctx.formParam("decision"));
        ctx.redirect(authorizations.decide(checked.consent(), visitor.principal().user(), approved, origin(ctx)),
                HttpStatus.SEE_OTHER);
    }

    /** The checked request, or null when the client or redirect URI was refused (the page is then answered). */
    private Authorizations.Outcome check(Context ctx, Authorizations.Params params, WebSession.Visitor visitor) {
        try {
            return authorizations.check(params);
        } catch (Refusal refusal) {
            pages.error(ctx, 400, "This application cannot be authorized", refusal.getMessage(), visitor);
            return null;
        }
    }

    private void applications(Context ctx, WebSession.Visitor visitor) {
        pages.render(ctx, "applications", visitor, model("title", "Applications",
                "grants", grants.list(visitor.principal().user().id()),
                "owned", apps.list(visitor.principal().user().id())));
    }

    /**
     * One authorized app: its access tokens, and the usage log of one of them ({@code ?token=ID},
     * the newest by default), each line naming the app.
     */
    private void application(Context ctx, WebSession.Visitor visitor) {
        long grantId = pathId(ctx);
        AuthorizedApp authorized = grants.get(visitor.principal().user(), grantId);
        List<Token> access = grants.tokens(visitor.principal().user(), grantId).stream()
                .filter(t -> t.type() == TokenType.OAUTH_ACCESS).toList();
        Long wanted = queryId(ctx.queryParam("token"));
        Token shown = wanted == null ? access.stream().findFirst().orElse(null)
                : access.stream().filter(t -> t.id() == wanted).findFirst().orElseThrow(Refusal::notFound);
        Long before = queryId(ctx.queryParam("usage_before"));
        List<UsageEntry> uses = shown == null ? List.of()
                : usage.page(new UsageQuery(shown.id(), before, USAGE_PAGE, null, null, null, null, null, null));
        pages.render(ctx, "application", visitor, model("title", authorized.app().name(), "authorized", authorized,
                "tokens", access, "shown", shown, "uses", uses, "usesPaged", before != null,
                "olderUses", uses.size() == USAGE_PAGE ? uses.get(uses.size() - 1).id() : null));
    }

    private static final int USAGE_PAGE = 30;

    private static long pathId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Refusal.notFound();
        }
    }

    private static Long queryId(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static final List<String> NAMES = List.of("client_id", "redirect_uri", "scope", "state", "code_challenge",
            "code_challenge_method", "response_type");

    /** The request's parameters; a repeated client_id or redirect_uri is none that can match (shown, never redirected). */
    private static Authorizations.Params params(Context ctx, boolean form) {
        boolean repeated = NAMES.stream().anyMatch(name -> values(ctx, form, name).size() > 1);
        return new Authorizations.Params(single(ctx, form, "client_id"), single(ctx, form, "redirect_uri"),
                param(ctx, form, "scope"), param(ctx, form, "state"), param(ctx, form, "code_challenge"),
                param(ctx, form, "code_challenge_method"), param(ctx, form, "response_type"), repeated);
    }

    private static String single(Context ctx, boolean form, String name) {
        List<String> values = values(ctx, form, name);
        return values.size() > 1 ? "" : param(ctx, form, name);
    }

    private static String param(Context ctx, boolean form, String name) {
        List<String> values = values(ctx, form, name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static List<String> values(Context ctx, boolean form, String name) {
        return form ? ctx.formParams(name) : ctx.queryParams(name);
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static Origin origin(Context ctx) {
        return new Origin(ctx.ip(), ctx.userAgent());
    }
}
