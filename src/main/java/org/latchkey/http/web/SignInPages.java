package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.latchkey.account.InvalidLogin;
import org.latchkey.account.LockedOut;
import org.latchkey.account.Sessions;
import org.latchkey.audit.Origin;
import org.latchkey.token.IssuedToken;

/**
 * {@code /login}, {@code /logout} and {@code /sudo}: signing in with a password for a session
 * cookie, signing out, and confirming the password again before sensitive pages. Wrong passwords
 * count towards the same lockout as the API's sign-in.
 */
final class SignInPages {

    private final Sessions sessions;
    private final WebSession session;
    private final Pages pages;

    SignInPages(Sessions sessions, WebSession session, Pages pages) {
        this.sessions = sessions;
        this.session = session;
        this.pages = pages;
    }

    void register(RoutesConfig routes, WebRoutes web) {
        routes.get("/login", this::loginForm);
        routes.post("/login", ctx -> signIn(ctx, web));
        web.post("/logout", this::signOut);
        web.get("/sudo", (ctx, visitor) -> sudoForm(ctx, visitor, 200, null));
        web.post("/sudo", this::confirm);
    }

    private void loginForm(Context ctx) {
        if (session.visitor(ctx) != null) {
            Pages.securityHeaders(ctx);
            ctx.redirect(WebRoutes.safeReturn(ctx.queryParam("return_to")), HttpStatus.SEE_OTHER);
            return;
        }
        showLogin(ctx, 200, "", null);
    }

    private void showLogin(Context ctx, int status, String login, String error) {
        pages.render(ctx, status, "login", null, model("title", "Sign in to Latchkey", "csrf", session.loginCsrf(ctx),
                "login", login, "error", error, "returnTo", WebRoutes.safeReturn(ctx.queryParam("return_to"))));
    }

    private void signIn(Context ctx, WebRoutes web) {
        if (!WebSession.loginCsrfValid(ctx)) {
            web.csrfRefused(ctx, null);
            return;
        }
        String login = ctx.formParam("login");
        try {
            IssuedToken issued = sessions.signIn(login, ctx.formParam("password"), origin(ctx));
            session.start(ctx, issued.secret(), issued.token().id());
            ctx.redirect(WebRoutes.safeReturn(ctx.formParam("return_to")), HttpStatus.SEE_OTHER);
        } catch (LockedOut locked) {
            ctx.header("Retry-After", Long.toString(locked.retryAfterSeconds()));
            showLogin(ctx, 429, login, locked.getMessage());
        } catch (InvalidLogin wrong) {
            showLogin(ctx, 401, login, "Incorrect username or password.");
        }
    }

    private void signOut(Context ctx, WebSession.Visitor visitor) {
        sessions.signOut(visitor.principal().user(), visitor.principal().token(), origin(ctx));
        session.clear(ctx);
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private void sudoForm(Context ctx, WebSession.Visitor visitor, int status, String error) {
        String returnTo = WebRoutes.safeReturn(ctx.method().name().equals("POST") ? ctx.formParam("return_to")
                : ctx.queryParam("return_to"));
        pages.render(ctx, status, "sudo", visitor, model("title", "Confirm access", "error", error, "returnTo", returnTo));
    }

    private void confirm(Context ctx, WebSession.Visitor visitor) {
        try {
            sessions.confirmPassword(visitor.principal().user(), ctx.formParam("password"), origin(ctx));
        } catch (LockedOut locked) {
            ctx.header("Retry-After", Long.toString(locked.retryAfterSeconds()));
            sudoForm(ctx, visitor, 429, locked.getMessage());
            return;
        } catch (InvalidLogin wrong) {
            sudoForm(ctx, visitor, 401, "Incorrect password.");
            return;
        }
        session.confirmed(visitor.principal().token().id());
        ctx.redirect(WebRoutes.safeReturn(ctx.formParam("return_to")), HttpStatus.SEE_OTHER);
    }

    static Origin origin(Context ctx) {
        return new Origin(ctx.ip(), ctx.userAgent());
    }
}
