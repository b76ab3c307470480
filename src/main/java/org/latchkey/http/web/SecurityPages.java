package org.latchkey.http.web;

import static org.latchkey.http.web.WebRoutes.model;

import dev.samstevens.totp.exceptions.QrGenerationException;
import dev.samstevens.totp.qr.ZxingPngQrGenerator;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latchkey.account.InvalidLogin;
import org.latchkey.account.InvalidOtp;
import org.latchkey.account.LockedOut;
import org.latchkey.account.Totp;
import org.latchkey.account.TwoFactor;
import org.latchkey.account.User;
import org.latchkey.audit.Origin;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;

/**
 * {@code /settings/security}: two-factor authentication. Enabling (in sudo mode)
 * shows a QR code, served as a PNG from its own no-store route, and the secret as text; the first
 * code confirms it and the ten recovery codes are shown once, in the answer to that POST.
 * Regenerating them needs sudo mode; disabling needs the password and a code.
 */
public final class SecurityPages implements RouteGroup {

    static final String PATH = "/settings/security";

    private final TwoFactor twoFactor;
    private final WebRoutes web;
    private final WebSession session;
    private final Pages pages;

    public SecurityPages(TwoFactor twoFactor, WebRoutes web) {
        this.twoFactor = twoFactor;
        this.web = web;
        this.session = web.session();
        this.pages = web.pages();
    }

    @Override
    public void register(Routes routes) {
        WebRoutes.SignedIn signed = web.on(routes);
        signed.get(PATH, (ctx, visitor) -> show(ctx, visitor, 200, Map.of()));
        signed.post(PATH + "/two-factor", sudo(this::start));
        signed.get(PATH + "/two-factor/qr.png", this::qrCode);
        signed.post(PATH + "/two-factor/confirm", this::confirm);
        signed.post(PATH + "/two-factor/cancel", this::cancel);
        signed.post(PATH + "/recovery-codes", sudo(this::regenerate));
        signed.post(PATH + "/two-factor/disable", this::disable);
    }

    private WebRoutes.Page sudo(WebRoutes.Page page) {
        return (ctx, visitor) -> {
            if (session.inSudoMode(visitor)) {
                page.handle(ctx, visitor);
            } else {
                ctx.redirect("/sudo?return_to=" + PATH, HttpStatus.SEE_OTHER);
            }
        };
    }

    private void show(Context ctx, WebSession.Visitor visitor, int status, Map<String, String> errors) {
        User user = visitor.principal().user();
        Optional<TwoFactor.Enrolment> pending = twoFactor.pending(user);
        pages.render(ctx, status, "security", visitor, model("title", "Password and authentication",
                "status", twoFactor.status(user.id()), "secret", pending.map(TwoFactor.Enrolment::secret).orElse(null),
                "errors", errors));
    }

    private void start(Context ctx, WebSession.Visitor visitor) {
        twoFactor.start(visitor.principal().user());
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private void qrCode(Context ctx, WebSession.Visitor visitor) throws QrGenerationException {
        User user = visitor.principal().user();
        Optional<TwoFactor.Enrolment> pending = twoFactor.pending(user);
        if (pending.isEmpty()) {
            pages.error(ctx, 404, "Not found", "There is no two-factor enrolment waiting for a code.", visitor);
            return;
        }
        ZxingPngQrGenerator generator = new ZxingPngQrGenerator();
        generator.setImageSize(240);
        ctx.contentType(generator.getImageMimeType()).result(generator.generate(Totp.data(pending.get().secret(), user.login())));
    }

    private void confirm(Context ctx, WebSession.Visitor visitor) {
        List<String> codes;
        try {
            codes = twoFactor.confirm(visitor.principal().user(), ctx.formParam("otp"), origin(ctx));
        } catch (InvalidOtp wrong) {
            show(ctx, visitor, 422, Map.of("otp", "That code is not right: enter the 6 digits your app shows now."));
            return;
        } catch (LockedOut locked) {
            WebRoutes.retryAfter(ctx, locked);
            show(ctx, visitor, locked.kind().httpStatus(), Map.of("otp", locked.getMessage()));
            return;
        }
        recoveryCodes(ctx, visitor, codes, "Two-factor authentication is enabled");
    }

    private void cancel(Context ctx, WebSession.Visitor visitor) {
        twoFactor.cancelPending(visitor.principal().user());
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private void regenerate(Context ctx, WebSession.Visitor visitor) {
        List<String> codes = twoFactor.regenerateRecoveryCodes(visitor.principal().user(), origin(ctx));
        recoveryCodes(ctx, visitor, codes, "New recovery codes");
    }

    private void recoveryCodes(Context ctx, WebSession.Visitor visitor, List<String> codes, String heading) {
        pages.render(ctx, 200, "recovery-codes", visitor, model("title", "Recovery codes", "heading", heading, "codes", codes,
                "codesFile", codesFile(visitor.principal().user().login(), codes)));
    }

    /**
     * The codes as the text file the Download link saves, inside the link itself (a {@code data:}
     * URL): nothing is served twice or kept anywhere, and it works without JavaScript.
     */
    static String codesFile(String login, List<String> codes) {
        String text = "Latchkey recovery codes for " + login + "\n"
                + "Each code signs you in once if you lose your authenticator app. Keep this file somewhere safe.\n\n"
                + String.join("\n", codes) + "\n";
        return "data:text/plain;charset=utf-8," + URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void disable(Context ctx, WebSession.Visitor visitor) {
        try {
            twoFactor.disable(visitor.principal().user(), ctx.formParam("password"), ctx.formParam("otp"), origin(ctx));
        } catch (InvalidLogin wrong) {
            show(ctx, visitor, wrong.kind().httpStatus(), Map.of("password", "Incorrect password."));
            return;
        } catch (InvalidOtp wrong) {
            show(ctx, visitor, wrong.kind().httpStatus(), Map.of("disable-otp", wrong.getMessage()));
            return;
        } catch (LockedOut locked) {
            WebRoutes.retryAfter(ctx, locked);
            show(ctx, visitor, locked.kind().httpStatus(), Map.of("password", locked.getMessage()));
            return;
        }
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private static Origin origin(Context ctx) {
        return SignInPages.origin(ctx);
    }
}
