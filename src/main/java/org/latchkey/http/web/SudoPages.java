package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import org.latchkey.account.InvalidLogin;
import org.latchkey.account.InvalidOtp;
import org.latchkey.account.LockedOut;
import org.latchkey.account.RecoveryCodeNotAccepted;
import org.latchkey.token.Sessions;
import org.latchkey.account.TwoFactor;
import org.latchkey.account.User;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;

/**
 * {@code /sudo}: confirming who you are again before sensitive pages, with the password or, when
 * the account has two-factor authentication on, a code from the authenticator app (never a
 * recovery code). Wrong passwords and codes count towards the same lockout and alert as sign-in's.
 */
public final class SudoPages implements RouteGroup {

    static final String PATH = "/sudo";
    static final String APP_PATH = PATH + "/two-factor";

    /** One way of confirming: checks what was typed, or throws. */
    @FunctionalInterface
    private interface Check {
        void confirm(User user, String typed);
    }

    private final Sessions sessions;
    private final TwoFactor twoFactor;
    private final WebRoutes web;
    private final WebSession session;
    private final Pages pages;

    public SudoPages(Sessions sessions, TwoFactor twoFactor, WebRoutes web) {
        this.sessions = sessions;
        this.twoFactor = twoFactor;
        this.web = web;
        this.session = web.session();
        this.pages = web.pages();
    }

    @Override
    public void register(Routes routes) {
        WebRoutes.SignedIn signed = web.on(routes);
        signed.get(PATH, (ctx, visitor) -> show(ctx, visitor, 200, Map.of()));
        signed.post(PATH, (ctx, visitor) -> confirm(ctx, visitor, "password", "password",
                (user, typed) -> sessions.confirmPassword(user, typed, SignInPages.origin(ctx))));
        signed.post(APP_PATH, (ctx, visitor) -> confirm(ctx, visitor, "otp", "app_code",
                (user, typed) -> twoFactor.verifyAppCode(user, typed, SignInPages.origin(ctx))));
    }

    private void show(Context ctx, WebSession.Visitor visitor, int status, Map<String, String> errors) {
        String returnTo = WebRoutes.safeReturn(ctx.method().name().equals("POST") ? ctx.formParam("return_to")
                : ctx.queryParam("return_to"));
        pages.render(ctx, status, "sudo", visitor, model("title", "Confirm access", "errors", errors, "returnTo", returnTo,
                "twoFactor", twoFactor.enabled(visitor.principal().user().id())));
    }

    private void confirm(Context ctx, WebSession.Visitor visitor, String field, String via, Check check) {
        try {
            check.confirm(visitor.principal().user(), ctx.formParam(field));
        } catch (LockedOut locked) {
            WebRoutes.retryAfter(ctx, locked);
            show(ctx, visitor, locked.kind().httpStatus(), Map.of(field, locked.getMessage()));
            return;
        } catch (InvalidLogin wrong) {
            show(ctx, visitor, wrong.kind().httpStatus(), Map.of(field, "Incorrect password."));
            return;
        } catch (InvalidOtp wrong) {
            show(ctx, visitor, wrong.kind().httpStatus(), Map.of(field, wrong.getMessage()));
            return;
        } catch (RecoveryCodeNotAccepted recovery) {
            show(ctx, visitor, recovery.kind().httpStatus(), Map.of(field, recovery.getMessage()));
            return;
        }
        session.confirmed(visitor.principal().token().id());
        sessions.sudoConfirmed(visitor.principal().user(), visitor.principal().token().stored(), via, SignInPages.origin(ctx));
        ctx.redirect(WebRoutes.safeReturn(ctx.formParam("return_to")), HttpStatus.SEE_OTHER);
    }
}
