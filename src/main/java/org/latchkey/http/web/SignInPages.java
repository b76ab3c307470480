package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.latchkey.Refusal;
import org.latchkey.account.AccountRefusals;
import org.latchkey.account.InvalidLogin;
import org.latchkey.account.InvalidOtp;
import org.latchkey.account.LockedOut;
import org.latchkey.token.Sessions;
import org.latchkey.account.SignInExpired;
import org.latchkey.audit.Origin;
import org.latchkey.token.IssuedToken;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;

/**
 * {@code /login}, {@code /login/two-factor} and {@code /logout}: signing in with a password (and
 * then a two-factor code, when the account has it on) for a session cookie, and signing out. Wrong
 * passwords and codes count towards the same lockout as the API's sign-in.
 */
public final class SignInPages implements RouteGroup {

    private final Sessions sessions;
    private final WebRoutes web;
    private final WebSession session;
    private final Pages pages;

    public SignInPages(Sessions sessions, WebRoutes web) {
        this.sessions = sessions;
        this.web = web;
        this.session = web.session();
        this.pages = web.pages();
    }

    @Override
    public void register(Routes routes) {
        RoutesConfig open = routes.open();
        WebRoutes.SignedIn signed = web.on(routes);
        open.get("/login", this::loginForm);
        open.post("/login", ctx -> signIn(ctx, web));
        open.get(WebSession.SECOND_STEP_PATH, this::codeForm);
        open.post(WebSession.SECOND_STEP_PATH, ctx -> secondStep(ctx, web));
        signed.post("/logout", this::signOut);
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
            Sessions.SignInStep step = sessions.beginSignIn(login, ctx.formParam("password"), origin(ctx));
            String returnTo = WebRoutes.safeReturn(ctx.formParam("return_to"));
            if (step.needsSecondFactor()) {
                session.startSecondStep(ctx, step.secondFactorTicket());
                Pages.securityHeaders(ctx);
                ctx.redirect(WebSession.SECOND_STEP_PATH + "?return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8),
                        HttpStatus.SEE_OTHER);
                return;
            }
            IssuedToken issued = step.session();
            session.start(ctx, issued.secret(), issued.token().id());
            ctx.redirect(returnTo, HttpStatus.SEE_OTHER);
        } catch (LockedOut locked) {
            WebRoutes.retryAfter(ctx, locked);
            showLogin(ctx, locked.kind().httpStatus(), login, locked.getMessage());
        } catch (InvalidLogin wrong) {
            showLogin(ctx, wrong.kind().httpStatus(), login, "Incorrect username or password.");
        } catch (Refusal refused) {
            showLogin(ctx, disabled(refused).kind().httpStatus(), login, refused.getMessage());
        }
    }

    private void codeForm(Context ctx) {
        if (WebSession.secondStepTicket(ctx) == null) {
            Pages.securityHeaders(ctx);
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        showCodeForm(ctx, 200, null, ctx.queryParam("return_to"));
    }

    private void showCodeForm(Context ctx, int status, String error, String returnTo) {
        pages.render(ctx, status, "login-two-factor", null, model("title", "Two-factor authentication",
                "csrf", session.loginCsrf(ctx), "error", error, "returnTo", WebRoutes.safeReturn(returnTo)));
    }

    /** The code step: the ticket from the password step's cookie, and a code from the app or a recovery code. */
    private void secondStep(Context ctx, WebRoutes web) {
        if (!WebSession.loginCsrfValid(ctx)) {
            web.csrfRefused(ctx, null);
            return;
        }
        String returnTo = ctx.formParam("return_to");
        try {
            IssuedToken issued = sessions.completeSignIn(WebSession.secondStepTicket(ctx), ctx.formParam("otp"), origin(ctx));
            session.endSecondStep(ctx);
            session.start(ctx, issued.secret(), issued.token().id());
            Pages.securityHeaders(ctx);
            ctx.redirect(WebRoutes.safeReturn(returnTo), HttpStatus.SEE_OTHER);
        } catch (SignInExpired expired) {
            session.endSecondStep(ctx);
            showLogin(ctx, expired.kind().httpStatus(), "", expired.getMessage());
        } catch (LockedOut locked) {
            WebRoutes.retryAfter(ctx, locked);
            showCodeForm(ctx, locked.kind().httpStatus(), locked.getMessage(), returnTo);
        } catch (InvalidOtp wrong) {
            showCodeForm(ctx, wrong.kind().httpStatus(), wrong.getMessage(), returnTo);
        } catch (Refusal refused) {
            session.endSecondStep(ctx);
            showLogin(ctx, disabled(refused).kind().httpStatus(), "", refused.getMessage());
        }
    }

    /** The refusal of a disabled account's sign-in, shown on the form; any other passes on. */
    private static Refusal disabled(Refusal refused) {
        if (!refused.code().equals(AccountRefusals.accountDisabled().code())) {
            throw refused;
        }
        return refused;
    }

    private void signOut(Context ctx, WebSession.Visitor visitor) {
        sessions.signOut(visitor.principal().user(), visitor.principal().token().stored(), origin(ctx));
        session.clear(ctx);
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    static Origin origin(Context ctx) {
        return new Origin(ctx.ip(), ctx.userAgent());
    }
}
