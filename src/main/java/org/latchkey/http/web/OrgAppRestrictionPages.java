package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.latchkey.audit.Origin;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;
import org.latchkey.oauth.OrgAppRestrictions;
import org.latchkey.org.Org;
import org.latchkey.org.OrgService;

/**
 * An organisation's OAuth app access restrictions ({@code /orgs/{org}/settings/oauth-app-restrictions},
 * for its owners): turn the restriction on or off, approve an app by its client_id, and withdraw an
 * approval; the same as {@code /api/v1/orgs/{org}/oauth-app-policy}.
 */
public final class OrgAppRestrictionPages implements RouteGroup {

    static final String PATH = "/orgs/{org}/settings/oauth-app-restrictions";

    private final OrgAppRestrictions restrictions;
    private final OrgService orgs;
    private final WebRoutes web;

    public OrgAppRestrictionPages(OrgAppRestrictions restrictions, OrgService orgs, WebRoutes web) {
        this.restrictions = restrictions;
        this.orgs = orgs;
        this.web = web;
    }

    @Override
    public void register(Routes routes) {
        WebRoutes.SignedIn signed = web.on(routes);
        signed.get(PATH, (ctx, visitor) -> {
            Org org = orgs.managed(visitor.principal(), ctx.pathParam("org"));
            web.pages().render(ctx, "org-oauth-restrictions", visitor, model("title", org.login() + " · OAuth app access restrictions",
                    "org", org, "policy", restrictions.policy(org), "approved", restrictions.approvedApps(org)));
        });
        signed.post(PATH, (ctx, visitor) -> {
            Org org = orgs.managed(visitor.principal(), ctx.pathParam("org"));
            restrictions.restrict(org, "true".equals(ctx.formParam("restricted")), visitor.principal().user(), origin(ctx));
            back(ctx, org);
        });
        signed.post(PATH + "/approve", (ctx, visitor) -> {
            Org org = orgs.managed(visitor.principal(), ctx.pathParam("org"));
            String clientId = ctx.formParam("client_id");
            restrictions.approve(org, clientId == null ? null : clientId.strip(), true, visitor.principal().user(), origin(ctx));
            back(ctx, org);
        });
        signed.post(PATH + "/{client_id}/remove", (ctx, visitor) -> {
            Org org = orgs.managed(visitor.principal(), ctx.pathParam("org"));
            restrictions.approve(org, ctx.pathParam("client_id"), false, visitor.principal().user(), origin(ctx));
            back(ctx, org);
        });
    }

    private static void back(Context ctx, Org org) {
        ctx.redirect("/orgs/" + org.login() + "/settings/oauth-app-restrictions", HttpStatus.SEE_OTHER);
    }

    private static Origin origin(Context ctx) {
        return new Origin(ctx.ip(), ctx.userAgent());
    }
}
