package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import org.latchkey.InvalidField;
import org.latchkey.Refusal;
import org.latchkey.account.AccountRefusals;
import org.latchkey.account.InvalidOtp;
import org.latchkey.account.LockedOut;
import org.latchkey.account.PasswordChanges;
import org.latchkey.account.PasswordResets;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;

/**
 * {@code /settings/security/password}: the signed-in user changes their password (the current one,
 * and a code when two-factor authentication is on); {@code /password-reset}: anyone with a reset
 * code from an administrator chooses a new password (no session; a double-submit CSRF token, as the
 * sign-in form has). Refusals are shown on the form with the API's status.
 */
public final class PasswordPages implements RouteGroup {

    static final String PATH = SecurityPages.PATH + "/password";
    static final String RESET_PATH = "/password-reset";

    private final PasswordChanges changes;
    private final PasswordResets resets;
    private final WebRoutes web;
    private final WebSession session;
    private final Pages pages;

    public PasswordPages(PasswordChanges changes, PasswordResets resets, WebRoutes web) {
        this.changes = changes;
        this.resets = resets;
        this.web = web;
        this.session = web.session();
        this.pages = web.pages();
    }

    @Override
    public void register(Routes routes) {
        WebRoutes.SignedIn signed = web.on(routes);
        signed.get(PATH, (ctx, visitor) -> show(ctx, visitor, 200, Map.of(), ctx.queryParam("changed") != null));
        signed.post(PATH, this::change);
        routes.open().get(RESET_PATH, ctx -> showReset(ctx, 200, "", null, false));
        routes.open().post(RESET_PATH, this::redeem);
    }

    private void show(Context ctx, WebSession.Visitor visitor, int status, Map<String, String> errors, boolean changed) {
        pages.render(ctx, status, "password", visitor, model("title", "Change password", "errors", errors,
                "changed", changed, "twoFactor", visitor.principal().twoFactorEnabled()));
    }

    private void change(Context ctx, WebSession.Visitor visitor) {
        String next = ctx.formParam("new_password");
        if (next != null && !next.isEmpty() && !next.equals(ctx.formParam("new_password_confirmation"))) {
            show(ctx, visitor, 422, Map.of("new_password_confirmation", "The two new passwords differ."), false);
            return;
        }
        try {
            changes.change(visitor.principal().user(), visitor.principal().token().id(), ctx.formParam("current_password"),
                    next, ctx.formParam("otp"), SignInPages.origin(ctx));
        } catch (InvalidField invalid) {
            show(ctx, visitor, invalid.kind().httpStatus(), Map.of(invalid.field(), invalid.getMessage()), false);
            return;
        } catch (InvalidOtp | LockedOut refused) {
            WebRoutes.retryAfter(ctx, refused);
            show(ctx, visitor, refused.kind().httpStatus(), Map.of(refused instanceof LockedOut ? "current_password" : "otp",
                    refused.getMessage()), false);
            return;
        } catch (Refusal refused) {
            if (!AccountRefusals.asksForOtp(refused)) {
                throw refused;
            }
            show(ctx, visitor, refused.kind().httpStatus(), Map.of("otp", "Enter the code from your authenticator app"
                    + " (or a recovery code)."), false);
            return;
        }
        session.confirmed(visitor.principal().token().id());
        ctx.redirect(PATH + "?changed=1", HttpStatus.SEE_OTHER);
    }

    private void showReset(Context ctx, int status, String login, String error, boolean done) {
        pages.render(ctx, status, "password-reset", null, model("title", "Reset your password", "csrf", session.loginCsrf(ctx),
                "login", login == null ? "" : login, "error", error, "done", done));
    }

    private void redeem(Context ctx) {
        if (!WebSession.loginCsrfValid(ctx)) {
            web.csrfRefused(ctx, null);
            return;
        }
        String login = ctx.formParam("login");
        String next = ctx.formParam("new_password");
        if (next != null && !next.isEmpty() && !next.equals(ctx.formParam("new_password_confirmation"))) {
            showReset(ctx, 422, login, "The two new passwords differ.", false);
            return;
        }
        try {
            resets.redeem(login, ctx.formParam("code"), next, SignInPages.origin(ctx));
        } catch (Refusal refused) {
            WebRoutes.retryAfter(ctx, refused);
            showReset(ctx, refused.kind().httpStatus(), login, refused.getMessage(), false);
            return;
        }
        showReset(ctx, 200, login, null, true);
    }
}
