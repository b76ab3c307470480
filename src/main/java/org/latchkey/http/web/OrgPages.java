package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.latchkey.InvalidField;
import org.latchkey.Refusal;
import org.latchkey.access.OrgRole;
import org.latchkey.org.Membership;
import org.latchkey.org.Org;
import org.latchkey.org.OrgService;
import org.latchkey.org.OrgTokens;
import org.latchkey.repo.RepositoryStore;
import org.latchkey.token.TokenPolicy;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;

/**
 * {@code /orgs}: the organisations the visitor belongs to, and for their owners
 * {@code /orgs/ORG/settings/tokens}: the token policy, fine-grained token requests awaiting
 * approval (approve, or deny with a reason) and the live tokens on the organisation (revoke).
 * Everything goes through {@link OrgService} and {@link OrgTokens}, so a member who is not an
 * owner is refused there (403) and an unknown organisation is 404.
 */
public final class OrgPages implements RouteGroup {

    /** An organisation in the list, and whether the visitor may manage it. */
    public record OrgLink(String login, boolean owner) {
    }

    private final OrgService orgs;
    private final OrgTokens orgTokens;
    private final RepositoryStore repositories;
    private final Clock clock;
    private final WebRoutes web;
    private final Pages pages;

    public OrgPages(OrgService orgs, OrgTokens orgTokens, RepositoryStore repositories, Clock clock, WebRoutes web) {
        this.orgs = orgs;
        this.orgTokens = orgTokens;
        this.repositories = repositories;
        this.clock = clock;
        this.web = web;
        this.pages = web.pages();
    }

    @Override
    public void register(Routes routes) {
        WebRoutes.SignedIn signed = web.on(routes);
        signed.get("/orgs", this::list);
        signed.get("/orgs/{org}", (ctx, v) -> done(ctx, orgs.managed(v.principal(), ctx.pathParam("org")).login(), null));
        signed.get("/orgs/{org}/settings/tokens", (ctx, v) -> show(ctx, v, 200, null, Map.of(), Map.of()));
        signed.post("/orgs/{org}/settings/token-policy", this::putPolicy);
        signed.post("/orgs/{org}/settings/tokens/{id}/approve", this::approve);
        signed.post("/orgs/{org}/settings/tokens/{id}/deny", this::deny);
        signed.post("/orgs/{org}/settings/tokens/{id}/revoke", this::revoke);
    }

    private void list(Context ctx, WebSession.Visitor visitor) {
        List<OrgLink> links = orgs.mine(visitor.principal()).stream()
                .map(org -> new OrgLink(org.login(), orgs.role(visitor.principal(), org).orElse(null) == OrgRole.OWNER))
                .toList();
        pages.render(ctx, "orgs", visitor, model("title", "Organisations", "orgs", links));
    }

    private void show(Context ctx, WebSession.Visitor visitor, int status, PolicyForm typed, Map<Long, String> denyErrors,
                      Map<Long, String> denyReasons) {
        String login = ctx.pathParam("org");
        Org org = orgs.managed(visitor.principal(), login);
        PolicyForm policy = typed != null ? typed : PolicyForm.of(orgs.policy(visitor.principal(), org.login()));
        Map<Long, String> logins = new HashMap<>();
        orgs.members(visitor.principal(), org.login()).forEach((Membership member) -> logins.put(member.userId(), member.login()));
        Instant now = clock.instant();
        List<OrgTokenRow> requests = orgTokens.requests(visitor.principal(), org.login()).stream()
                .map(token -> OrgTokenRow.of(token, org.id(), logins, now, repositories)).toList();
        List<OrgTokenRow> active = orgTokens.active(visitor.principal(), org.login()).stream()
                .map(token -> OrgTokenRow.of(token, org.id(), logins, now, repositories)).toList();
        pages.render(ctx, status, "org-tokens", visitor, model("title", org.login() + " · Personal access tokens",
                "org", org, "policy", policy, "requests", requests, "tokens", active, "denyErrors", denyErrors,
                "denyReasons", denyReasons, "defaultMaxDays", TokenPolicy.DEFAULT_MAX_LIFETIME_DAYS,
                "notice", notice(ctx.queryParam("done"))));
    }

    private static String notice(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "policy" -> "The token policy was saved. It applies at once to every token on the organisation.";
            case "approved" -> "The request was approved: the token may now act on the organisation's resources.";
            case "denied" -> "The request was denied. Its holder sees your reason on the token's page.";
            case "revoked" -> "The token was revoked. Anything still using it is refused from now on.";
            default -> null;
        };
    }

    private void putPolicy(Context ctx, WebSession.Visitor visitor) {
        String login = ctx.pathParam("org");
        PolicyForm form = PolicyForm.read(ctx);
        TokenPolicy policy = form.policy(orgs.policy(visitor.principal(), login));
        if (policy != null) {
            try {
                orgs.putPolicy(visitor.principal(), login, policy, SignInPages.origin(ctx));
                done(ctx, login, "policy");
                return;
            } catch (InvalidField invalid) {
                form.reject(invalid);
            }
        }
        show(ctx, visitor, 422, form, Map.of(), Map.of());
    }

    private void approve(Context ctx, WebSession.Visitor visitor) {
        orgTokens.approve(visitor.principal(), ctx.pathParam("org"), id(ctx), SignInPages.origin(ctx));
        done(ctx, ctx.pathParam("org"), "approved");
    }

    private void deny(Context ctx, WebSession.Visitor visitor) {
        long id = id(ctx);
        String reason = ctx.formParam("reason");
        try {
            orgTokens.deny(visitor.principal(), ctx.pathParam("org"), id, reason, SignInPages.origin(ctx));
        } catch (InvalidField invalid) {
            show(ctx, visitor, invalid.kind().httpStatus(), null, Map.of(id, "Give a reason: the token's holder will read it."),
                    Map.of(id, reason == null ? "" : reason));
            return;
        }
        done(ctx, ctx.pathParam("org"), "denied");
    }

    private void revoke(Context ctx, WebSession.Visitor visitor) {
        orgTokens.revoke(visitor.principal(), ctx.pathParam("org"), id(ctx), SignInPages.origin(ctx));
        done(ctx, ctx.pathParam("org"), "revoked");
    }

    private static void done(Context ctx, String org, String what) {
        ctx.redirect("/orgs/" + java.net.URLEncoder.encode(org, java.nio.charset.StandardCharsets.UTF_8)
                + "/settings/tokens" + (what == null ? "" : "?done=" + what), HttpStatus.SEE_OTHER);
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Refusal.noSuch("token");
        }
    }
}
