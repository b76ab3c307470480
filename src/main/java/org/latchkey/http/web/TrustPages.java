package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.latchkey.InvalidField;
import org.latchkey.Refusal;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;
import org.latchkey.org.Org;
import org.latchkey.org.OrgService;
import org.latchkey.trust.JobTokens;
import org.latchkey.trust.PolicyOwner;
import org.latchkey.trust.TrustPolicies;

/**
 * "Trusted publishers": {@code /settings/trusted-publishers} for the visitor and
 * {@code /orgs/ORG/settings/trusted-publishers} for an organisation they own: the trust policies
 * (create, delete, each in sudo mode) and the job tokens they minted, live and recently ended.
 */
public final class TrustPages implements RouteGroup {

    private final TrustPolicies policies;
    private final JobTokens jobs;
    private final OrgService orgs;
    private final Clock clock;
    private final WebRoutes web;
    private final Pages pages;

    public TrustPages(TrustPolicies policies, JobTokens jobs, OrgService orgs, Clock clock, WebRoutes web) {
        this.policies = policies;
        this.jobs = jobs;
        this.orgs = orgs;
        this.clock = clock;
        this.web = web;
        this.pages = web.pages();
    }

    @Override
    public void register(Routes routes) {
        WebRoutes.SignedIn signed = web.on(routes);
        for (String base : new String[] {"/settings/trusted-publishers", "/orgs/{org}/settings/trusted-publishers"}) {
            signed.get(base, (ctx, v) -> show(ctx, v, 200, PublisherForm.empty()));
            signed.post(base, sudo(this::create));
            signed.post(base + "/{id}/delete", sudo(this::delete));
            signed.post(base + "/jobs/{id}/revoke", this::revokeJob);
        }
    }

    /** Creating or deleting a policy needs a recent confirmation of access, as making a token does. */
    private WebRoutes.Page sudo(WebRoutes.Page page) {
        return (ctx, visitor) -> {
            if (web.session().inSudoMode(visitor)) {
                page.handle(ctx, visitor);
                return;
            }
            String back = ctx.path().endsWith("/delete") ? ctx.path().substring(0, ctx.path().lastIndexOf('/',
                    ctx.path().length() - "/delete".length() - 1)) : ctx.path();
            ctx.redirect("/sudo?return_to=" + URLEncoder.encode(back, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
        };
    }

    private void show(Context ctx, WebSession.Visitor visitor, int status, PublisherForm form) {
        PolicyOwner owner = owner(ctx, visitor);
        pages.render(ctx, status, "trusted-publishers", visitor, model("title", owner.login() + " · Trusted publishers",
                "owner", owner, "base", base(owner), "policies", policies.list(owner), "jobs", jobs.list(owner.id()),
                "now", clock.instant(), "form", form, "notice", notice(ctx.queryParam("done")),
                "active", owner.org() ? "orgs" : "publishers"));
    }

    private void create(Context ctx, WebSession.Visitor visitor) {
        PolicyOwner owner = owner(ctx, visitor);
        PublisherForm form = PublisherForm.read(ctx);
        try {
            policies.create(visitor.principal(), owner, form.spec(), SignInPages.origin(ctx));
        } catch (InvalidField invalid) {
            show(ctx, visitor, 422, form.reject(invalid));
            return;
        }
        ctx.redirect(base(owner) + "?done=created", HttpStatus.SEE_OTHER);
    }

    private void delete(Context ctx, WebSession.Visitor visitor) {
        PolicyOwner owner = owner(ctx, visitor);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Refusal.noSuch("trust policy");
        }
        policies.delete(visitor.principal(), owner, id, SignInPages.origin(ctx));
        ctx.redirect(base(owner) + "?done=deleted", HttpStatus.SEE_OTHER);
    }

    private void revokeJob(Context ctx, WebSession.Visitor visitor) {
        PolicyOwner owner = owner(ctx, visitor);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Refusal.noSuch("job token");
        }
        jobs.revoke(owner.id(), id, visitor.principal().user().login(), SignInPages.origin(ctx));
        ctx.redirect(base(owner) + "?done=revoked", HttpStatus.SEE_OTHER);
    }

    private PolicyOwner owner(Context ctx, WebSession.Visitor visitor) {
        if (!ctx.pathParamMap().containsKey("org")) {
            return new PolicyOwner(visitor.principal().user().id(), visitor.principal().user().login(), false);
        }
        Org org = orgs.managed(visitor.principal(), ctx.pathParam("org"));
        return new PolicyOwner(org.id(), org.login(), true);
    }

    private static String base(PolicyOwner owner) {
        return owner.org() ? "/orgs/" + URLEncoder.encode(owner.login(), StandardCharsets.UTF_8) + "/settings/trusted-publishers"
                : "/settings/trusted-publishers";
    }

    private static String notice(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "created" -> "The trust policy was saved. Jobs it matches can get a job token from now on.";
            case "revoked" -> "The job token was revoked: the job can no longer use it.";
            case "deleted" -> "The trust policy was deleted, and the live job tokens it minted were revoked.";
            default -> null;
        };
    }
}
