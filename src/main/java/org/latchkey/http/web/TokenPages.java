package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.latchkey.InvalidField;
import org.latchkey.advice.Advice;
import org.latchkey.advice.TokenAdvisor;
import org.latchkey.audit.UsageEntry;
import org.latchkey.audit.UsageLog;
import org.latchkey.audit.UsageQuery;
import org.latchkey.org.OrgService;
import org.latchkey.repo.RepositoryStore;
import org.latchkey.token.BreachReport;
import org.latchkey.token.Expiry;
import org.latchkey.token.FineGrainedSpec;
import org.latchkey.token.IssuedToken;
import org.latchkey.token.Token;
import org.latchkey.token.TokenService;
import org.latchkey.token.TokenSpec;
import org.latchkey.token.TokenSuspensions;
import org.latchkey.token.TokenBreach;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;

/**
 * {@code /settings/tokens}: the list (classic and fine-grained tabs), the "Generate new token"
 * forms, the page that shows a new secret once, and a token's page with its recent use (from the
 * usage log), least-privilege advice, regenerate, suspend and resume, revoke, delete, and the breach
 * runbook. Generating, regenerating, the breach runbook (which may show a replacement's secret) and
 * viewing a token's settings need a recent confirmation of access (sudo mode).
 */
public final class TokenPages implements RouteGroup {

    static final int USAGE_PAGE = 10;

    private final TokenService tokens;
    private final OrgService orgs;
    private final RepositoryStore repositories;
    private final TokenAdvisor advisor;
    private final UsageLog usage;
    private final Clock clock;
    private final WebRoutes web;
    private final WebSession session;
    private final Pages pages;
    private final FineGrainedForm fineGrained;
    private final TokenSuspensions suspensions;
    private final TokenBreach breach;

    public TokenPages(TokenService tokens, OrgService orgs, RepositoryStore repositories, TokenAdvisor advisor,
                      UsageLog usage, TokenSuspensions suspensions, TokenBreach breach, Clock clock, WebRoutes web) {
        this.tokens = tokens;
        this.orgs = orgs;
        this.repositories = repositories;
        this.advisor = advisor;
        this.usage = usage;
        this.clock = clock;
        this.web = web;
        this.session = web.session();
        this.pages = web.pages();
        this.fineGrained = new FineGrainedForm(orgs, repositories, clock);
        this.suspensions = suspensions;
        this.breach = breach;
    }

    @Override
    public void register(Routes routes) {
        WebRoutes.SignedIn signed = web.on(routes);
        signed.get("/settings/tokens", this::list);
        signed.get("/settings/tokens/new", sudo((ctx, v) -> classicForm(ctx, v, new TokenForm(), 200)));
        signed.post("/settings/tokens/new", sudo(this::createClassic));
        signed.get("/settings/tokens/new-fine-grained", sudo((ctx, v) -> fineGrainedForm(ctx, v, new TokenForm(), 200)));
        signed.post("/settings/tokens/new-fine-grained", sudo(this::createFineGrained));
        signed.get("/settings/tokens/{id}", sudo(this::show));
        signed.post("/settings/tokens/{id}", sudo(this::update));
        signed.post("/settings/tokens/{id}/regenerate", sudo(this::regenerate));
        signed.post("/settings/tokens/{id}/revoke", this::revoke);
        signed.post("/settings/tokens/{id}/suspend", this::suspend);
        signed.post("/settings/tokens/{id}/resume", this::resume);
        signed.post("/settings/tokens/{id}/breach", sudo(this::breach));
        signed.get("/settings/tokens/{id}/delete", this::confirmDelete);
        signed.post("/settings/tokens/{id}/delete", this::delete);
    }

    /** Sends the visitor to confirm access first unless they did in the last 15 minutes. */
    private WebRoutes.Page sudo(WebRoutes.Page page) {
        return (ctx, visitor) -> {
            if (session.inSudoMode(visitor)) {
                page.handle(ctx, visitor);
                return;
            }
            String path = ctx.path();
            String back = path.endsWith("/regenerate") ? path.substring(0, path.length() - "/regenerate".length()) : path;
            ctx.redirect("/sudo?return_to=" + URLEncoder.encode(back, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
        };
    }

    private void list(Context ctx, WebSession.Visitor visitor) {
        boolean fineGrained = "fine-grained".equals(ctx.queryParam("tab"));
        List<TokenRow> rows = tokens.list(visitor.principal().user().id(), null).stream()
                .filter(token -> token.isFineGrained() == fineGrained)
                .map(token -> TokenRow.of(token, clock.instant(), repositories))
                .toList();
        pages.render(ctx, "tokens", visitor, model("title", "Personal access tokens", "rows", rows,
                "tab", fineGrained ? "fine-grained" : "classic", "notice", notice(ctx.queryParam("done"))));
    }

    private static String notice(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "revoked" -> "The token was revoked. Anything still using it is refused from now on.";
            case "deleted" -> "The token was deleted.";
            default -> null;
        };
    }

    private void classicForm(Context ctx, WebSession.Visitor visitor, TokenForm form, int status) {
        List<String> refusing = orgs.mine(visitor.principal()).stream()
                .filter(org -> orgs.policyForMember(visitor.principal(), org).forbidClassic())
                .map(org -> org.login()).toList();
        List<String> limits = lifetimeLimits(visitor);
        pages.render(ctx, status, "token-new", visitor, model("title", "New personal access token (classic)",
                "form", form, "scopeGroups", TokenChoices.SCOPE_GROUPS,
                "expirations", limits.isEmpty() ? TokenForm.EXPIRATIONS
                        : TokenForm.EXPIRATIONS.stream().filter(e -> !e.equals("none")).toList(),
                "refusingClassic", refusing, "lifetimeLimits", limits));
    }

    /** "acme: 30 days" for each of the visitor's organisations that caps how long a token may live. */
    private List<String> lifetimeLimits(WebSession.Visitor visitor) {
        return orgs.mine(visitor.principal()).stream()
                .filter(org -> orgs.policyForMember(visitor.principal(), org).maxLifetimeDays() != null)
                .map(org -> org.login() + ": " + orgs.policyForMember(visitor.principal(), org).maxLifetimeDays() + " days")
                .toList();
    }

    private void createClassic(Context ctx, WebSession.Visitor visitor) {
        TokenForm form = TokenForm.read(ctx);
        Expiry expiry = form.expiry(true);
        if (form.name.isBlank()) {
            form.errors.put("name", "Give the token a name, to tell it apart from your others.");
        }
        List<String> limits = lifetimeLimits(visitor);
        if ("none".equals(form.expiration) && !limits.isEmpty()) {
            form.errors.put("expiration", "Your organisations require tokens on their resources to expire ("
                    + String.join(", ", limits) + "): choose an expiration.");
        }
        if (!form.errors.isEmpty()) {
            classicForm(ctx, visitor, form, 422);
            return;
        }
        IssuedToken issued;
        try {
            issued = tokens.create(visitor.principal().user(),
                    new TokenSpec(form.name, form.description, form.scopes, expiry), SignInPages.origin(ctx));
        } catch (InvalidField invalid) {
            form.reject(invalid);
            classicForm(ctx, visitor, form, 422);
            return;
        }
        showSecret(ctx, visitor, issued, "created");
    }

    private void fineGrainedForm(Context ctx, WebSession.Visitor visitor, TokenForm form, int status) {
        if (form.owners.isEmpty() && form.errors.isEmpty() && !form.refresh) {
            form.owners.add(visitor.principal().user().login());
        }
        List<FineGrainedForm.OwnerChoice> owners = fineGrained.owners(visitor.principal(), form);
        int maxDays = FineGrainedForm.maxDays(owners, form.owners);
        pages.render(ctx, status, "token-new-fine-grained", visitor, model("title", "New fine-grained personal access token",
                "form", form, "owners", owners, "permissionChoices", TokenChoices.PERMISSIONS,
                "expirations", FineGrainedForm.expirations(maxDays), "maxDays", maxDays,
                "maxDate", fineGrained.lastDay(maxDays)));
    }

    private void createFineGrained(Context ctx, WebSession.Visitor visitor) {
        TokenForm form = TokenForm.read(ctx);
        if (form.refresh) {
            fineGrainedForm(ctx, visitor, form, 200);
            return;
        }
        Expiry expiry = form.expiry(false);
        if (form.name.isBlank()) {
            form.errors.put("name", "Give the token a name, to tell it apart from your others.");
        }
        if (form.chosenPermissions().isEmpty()) {
            form.errors.put("permissions", "Choose at least one permission.");
        }
        List<FineGrainedSpec.Resource> resources = FineGrainedForm.resources(form);
        if (!form.errors.isEmpty()) {
            fineGrainedForm(ctx, visitor, form, 422);
            return;
        }
        IssuedToken issued;
        try {
            issued = tokens.createFineGrained(visitor.principal().user(), new FineGrainedSpec(form.name, form.description,
                    resources, form.chosenPermissions(), expiry), SignInPages.origin(ctx));
        } catch (InvalidField invalid) {
            form.reject(invalid);
            fineGrainedForm(ctx, visitor, form, 422);
            return;
        }
        showSecret(ctx, visitor, issued, "created");
    }

    private void showSecret(Context ctx, WebSession.Visitor visitor, IssuedToken issued, String what) {
        ctx.header("Cache-Control", "no-store");
        pages.render(ctx, 200, "token-secret", visitor, model("title", "Your new token", "row",
                TokenRow.of(issued.token(), clock.instant(), repositories), "secret", issued.secret(), "what", what));
    }

    private void show(Context ctx, WebSession.Visitor visitor) {
        Token token = tokens.get(visitor.principal().user().id(), id(ctx));
        tokenPage(ctx, visitor, token, 200, new TokenForm(), TokenForm.of(token), pageNotice(ctx.queryParam("done")));
    }

    private static String pageNotice(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "saved" -> "Saved.";
            case "suspended" -> "The token is suspended: it is refused everywhere until you resume it.";
            case "resumed" -> "The token works again.";
            default -> null;
        };
    }

    private void tokenPage(Context ctx, WebSession.Visitor visitor, Token token, int status, TokenForm regenerate,
                           TokenForm settings, String notice) {
        Long before = longParam(ctx.queryParam("usage_before"));
        List<UsageEntry> uses = usage.page(new UsageQuery(token.id(), before, USAGE_PAGE, null, null, null, null, null, null));
        Long olderUses = uses.size() == USAGE_PAGE ? uses.get(uses.size() - 1).id() : null;
        Advice advice = advisor.advise(visitor.principal().user(), token.id(), TokenAdvisor.DEFAULT_DAYS);
        int maxDays = token.isFineGrained() ? FineGrainedForm.maxDays(fineGrained.owners(visitor.principal(), new TokenForm()),
                token.fineGrained().resources().stream().map(grant -> grant.ownerLogin()).toList()) : 0;
        pages.render(ctx, status, "token", visitor, model("title", token.name(), "row",
                TokenRow.of(token, clock.instant(), repositories), "expirations",
                token.isFineGrained() ? FineGrainedForm.expirations(maxDays) : TokenForm.EXPIRATIONS,
                "maxDate", token.isFineGrained() ? fineGrained.lastDay(maxDays) : null,
                "form", regenerate, "settings", settings, "notice", notice, "uses", uses, "olderUses", olderUses,
                "usesPaged", before != null, "advice", advice));
    }

    private static Long longParam(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null; // a mangled link shows the newest page
        }
    }

    private void update(Context ctx, WebSession.Visitor visitor) {
        long id = id(ctx);
        Token token = tokens.get(visitor.principal().user().id(), id);
        TokenForm settings = TokenForm.read(ctx);
        try {
            tokens.update(visitor.principal().user(), id, settings.name, settings.description, SignInPages.origin(ctx));
        } catch (InvalidField invalid) {
            settings.reject(invalid);
            tokenPage(ctx, visitor, token, invalid.kind().httpStatus(), new TokenForm(), settings, null);
            return;
        }
        ctx.redirect("/settings/tokens/" + id + "?done=saved", HttpStatus.SEE_OTHER);
    }

    private void regenerate(Context ctx, WebSession.Visitor visitor) {
        long id = id(ctx);
        Token token = tokens.get(visitor.principal().user().id(), id);
        TokenForm form = TokenForm.read(ctx);
        Expiry expiry = form.expiry(!token.isFineGrained());
        if (form.errors.isEmpty()) {
            try {
                showSecret(ctx, visitor, tokens.regenerate(visitor.principal().user(), id, null, expiry,
                        SignInPages.origin(ctx)), "regenerated");
                return;
            } catch (InvalidField invalid) {
                form.reject(invalid);
            }
        }
        tokenPage(ctx, visitor, token, 422, form, TokenForm.of(token), null);
    }

    private void revoke(Context ctx, WebSession.Visitor visitor) {
        tokens.revoke(visitor.principal().user(), id(ctx), SignInPages.origin(ctx));
        ctx.redirect("/settings/tokens?done=revoked" + tab(ctx), HttpStatus.SEE_OTHER);
    }

    private void suspend(Context ctx, WebSession.Visitor visitor) {
        long id = suspensions.suspend(visitor.principal().user(), id(ctx), SignInPages.origin(ctx)).id();
        ctx.redirect("/settings/tokens/" + id + "?done=suspended", HttpStatus.SEE_OTHER);
    }

    private void resume(Context ctx, WebSession.Visitor visitor) {
        long id = suspensions.resume(visitor.principal().user(), id(ctx), SignInPages.origin(ctx)).id();
        ctx.redirect("/settings/tokens/" + id + "?done=resumed", HttpStatus.SEE_OTHER);
    }

    /** The breach runbook: revoke, where it was used, a replacement if asked (its secret shown once), what to update. */
    private void breach(Context ctx, WebSession.Visitor visitor) {
        BreachReport report = breach.respond(visitor.principal().user(), id(ctx), ctx.formParam("replace") != null,
                SignInPages.origin(ctx));
        ctx.header("Cache-Control", "no-store");
        IssuedToken replacement = report.replacement();
        pages.render(ctx, 200, "token-breach", visitor, model("title", "Breach response: " + report.token().name(),
                "report", report, "row", TokenRow.of(report.token(), clock.instant(), repositories),
                "replacementRow", replacement == null ? null : TokenRow.of(replacement.token(), clock.instant(), repositories),
                "secret", replacement == null ? null : replacement.secret()));
    }

    /** Deleting cannot be undone, so the list and the token's page link here rather than delete at once. */
    private void confirmDelete(Context ctx, WebSession.Visitor visitor) {
        Token token = tokens.get(visitor.principal().user().id(), id(ctx));
        pages.render(ctx, "token-delete", visitor, model("title", "Delete " + token.name(), "row",
                TokenRow.of(token, clock.instant(), repositories)));
    }

    private void delete(Context ctx, WebSession.Visitor visitor) {
        tokens.delete(visitor.principal().user(), id(ctx), SignInPages.origin(ctx));
        ctx.redirect("/settings/tokens?done=deleted" + tab(ctx), HttpStatus.SEE_OTHER);
    }

    private static String tab(Context ctx) {
        return "fine-grained".equals(ctx.formParam("tab")) ? "&tab=fine-grained" : "";
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw org.latchkey.Refusal.noSuch("token");
        }
    }
}
