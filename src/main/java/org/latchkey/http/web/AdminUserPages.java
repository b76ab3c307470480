package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.latchkey.account.User;
import org.latchkey.admin.AdministeredUser;
import org.latchkey.admin.UserAdministration;
import org.latchkey.audit.Origin;
import org.latchkey.auth.AccessDenied;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;

/**
 * {@code /settings/admin/users}: for administrators only (anyone else gets 403), the paged list of
 * users and one user's page with its state and buttons to disable or enable it, grant or remove
 * the administrator role, and delete it (optionally giving its repositories and packages to
 * another user). Every change needs a recent confirmation of access (sudo mode) and goes through
 * {@link UserAdministration}, which refuses what the API refuses.
 */
public final class AdminUserPages implements RouteGroup {

    static final String PATH = "/settings/admin/users";
    private static final int PER_PAGE = 30;

    private final UserAdministration administration;
    private final WebRoutes web;
    private final Pages pages;

    public AdminUserPages(UserAdministration administration, WebRoutes web) {
        this.administration = administration;
        this.web = web;
        this.pages = web.pages();
    }

    @Override
    public void register(Routes routes) {
        WebRoutes.SignedIn signed = web.on(routes);
        signed.get(PATH, admin(this::list));
        signed.get(PATH + "/{login}", admin(this::show));
        signed.post(PATH + "/{login}/disable", change((ctx, v, login) -> administration.disable(user(v), login, origin(ctx)),
                "disabled"));
        signed.post(PATH + "/{login}/enable", change((ctx, v, login) -> administration.enable(user(v), login, origin(ctx)),
                "enabled"));
        signed.post(PATH + "/{login}/grant-admin", change((ctx, v, login) ->
                administration.setAdmin(user(v), login, true, origin(ctx)), "granted"));
        signed.post(PATH + "/{login}/revoke-admin", change((ctx, v, login) ->
                administration.setAdmin(user(v), login, false, origin(ctx)), "revoked"));
        signed.post(PATH + "/{login}/delete", admin(sudo(this::delete)));
    }

    /** A change of one user, after which the user's page says what was done. */
    @FunctionalInterface
    private interface UserChange {
        AdministeredUser apply(Context ctx, WebSession.Visitor visitor, String login);
    }

    private WebRoutes.Page change(UserChange change, String done) {
        return admin(sudo((ctx, visitor) -> {
            AdministeredUser user = change.apply(ctx, visitor, ctx.pathParam("login"));
            ctx.redirect(userPath(user.user().login()) + "?done=" + done, HttpStatus.SEE_OTHER);
        }));
    }

    private void list(Context ctx, WebSession.Visitor visitor) {
        int page = page(ctx.queryParam("page"));
        UserAdministration.UserPage users = administration.list(page, PER_PAGE);
        long last = Math.max(1, (users.total() + PER_PAGE - 1) / PER_PAGE);
        pages.render(ctx, "admin-users", visitor, model("title", "Users", "users", users.users(), "page", page,
                "last", last, "total", users.total(), "notice", "deleted".equals(ctx.queryParam("done"))
                        ? "The user was deleted." : null));
    }

    private void show(Context ctx, WebSession.Visitor visitor) {
        AdministeredUser user = administration.show(ctx.pathParam("login"));
        pages.render(ctx, "admin-user", visitor, model("title", user.user().login() + " · Users", "shown", user,
                "self", user.user().id() == visitor.principal().user().id(), "notice", notice(ctx.queryParam("done"))));
    }

    private void delete(Context ctx, WebSession.Visitor visitor) {
        String transferTo = ctx.formParam("transfer_to");
        administration.delete(user(visitor), ctx.pathParam("login"), transferTo == null ? null : transferTo.strip(),
                origin(ctx));
        ctx.redirect(PATH + "?done=deleted", HttpStatus.SEE_OTHER);
    }

    private static String notice(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "disabled" -> "The account was disabled: its tokens and sessions are refused everywhere from now on.";
            case "enabled" -> "The account was enabled: its tokens work again; it must sign in again.";
            case "granted" -> "The user is now an administrator.";
            case "revoked" -> "The user is no longer an administrator.";
            default -> null;
        };
    }

    /** Administrators only: anyone else is refused with 403 before anything is read. */
    private static WebRoutes.Page admin(WebRoutes.Page page) {
        return (ctx, visitor) -> {
            if (!visitor.principal().user().admin()) {
                throw AccessDenied.adminRequired();
            }
            page.handle(ctx, visitor);
        };
    }

    /** Sends the administrator to confirm access first unless they did in the last 15 minutes, then back to the user's page. */
    private WebRoutes.Page sudo(WebRoutes.Page page) {
        return (ctx, visitor) -> {
            if (web.session().inSudoMode(visitor)) {
                page.handle(ctx, visitor);
                return;
            }
            ctx.redirect("/sudo?return_to=" + URLEncoder.encode(userPath(ctx.pathParam("login")), StandardCharsets.UTF_8),
                    HttpStatus.SEE_OTHER);
        };
    }

    private static String userPath(String login) {
        return PATH + "/" + URLEncoder.encode(login, StandardCharsets.UTF_8);
    }

    private static int page(String value) {
        try {
            int page = value == null ? 1 : Integer.parseInt(value);
            return page < 1 ? 1 : page;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static User user(WebSession.Visitor visitor) {
        return visitor.principal().user();
    }

    private static Origin origin(Context ctx) {
        return SignInPages.origin(ctx);
    }
}
