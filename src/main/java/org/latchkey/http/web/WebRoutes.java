package org.latchkey.http.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.latchkey.Refusal;
import org.latchkey.account.SudoConfirmations;
import org.latchkey.auth.Authenticator;
import org.latchkey.http.RouteGroup;
import org.latchkey.http.Routes;

/**
 * What the web interface's page sets share (each set is a route group of its own): the session,
 * the templates, the static files and the not-found page. Every page gets the security headers; a
 * page that needs a session redirects to {@code /login}; every POST of a signed-in page must carry
 * the session's CSRF token or is refused with 403.
 */
public final class WebRoutes implements RouteGroup {

    /** A page for a signed-in visitor. */
    @FunctionalInterface
    interface Page {
        void handle(Context ctx, WebSession.Visitor visitor) throws Exception;
    }

    private final WebSession session;
    private final Pages pages;

    public WebRoutes(Authenticator authenticator, Clock clock, SudoConfirmations confirmations) {
        this.session = new WebSession(authenticator, clock, confirmations);
        this.pages = new Pages(new WebFormat(clock));
    }

    private static final List<String> PAGE_ROOTS = List.of("/settings", "/orgs", "/login", "/logout", SudoPages.PATH,
            PasswordPages.RESET_PATH, "/static");

    /**
     * Registers what every page set shares: the static files, the root's redirect, and the HTML
     * not-found page (with the pages' headers, not the API's JSON) for a path under the pages' roots.
     */
    @Override
    public void register(Routes routes) {
        RoutesConfig open = routes.open();
        staticFile(open, "/static/web.css", "text/css; charset=utf-8");
        staticFile(open, "/static/copy.js", "text/javascript; charset=utf-8");
        open.get("/", ctx -> {
            Pages.securityHeaders(ctx);
            ctx.redirect("/settings/tokens", HttpStatus.SEE_OTHER);
        });
        routes.pageNotFound(ctx -> pages.error(ctx, 404, "Not found", "There is no such page.", null));
    }

    /** Registers signed-in pages on these routes. */
    SignedIn on(Routes routes) {
        return new SignedIn(routes.open());
    }

    WebSession session() {
        return session;
    }

    Pages pages() {
        return pages;
    }

    /** Whether the path lies under one of the pages' roots (so a missing page is answered as a page). */
    public static boolean isPagePath(String path) {
        return PAGE_ROOTS.stream().anyMatch(root -> path.equals(root) || path.startsWith(root + "/"));
    }

    /** Pages that need a session: without one a visitor is sent to sign in, and a POST must carry the CSRF token. */
    final class SignedIn {

        private final RoutesConfig routes;

        private SignedIn(RoutesConfig routes) {
            this.routes = routes;
        }

        void get(String path, Page page) {
            routes.get(path, ctx -> signedIn(ctx, page, false));
        }

        void post(String path, Page page) {
            routes.post(path, ctx -> signedIn(ctx, page, true));
        }
    }

    private void signedIn(Context ctx, Page page, boolean post) throws Exception {
        Pages.securityHeaders(ctx);
        WebSession.Visitor visitor = session.visitor(ctx);
        if (visitor == null) {
            String back = post ? "/settings/tokens" : ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/login?return_to=" + java.net.URLEncoder.encode(back, java.nio.charset.StandardCharsets.UTF_8),
                    HttpStatus.SEE_OTHER);
            return;
        }
        if (post && !WebSession.csrfValid(ctx, visitor)) {
            csrfRefused(ctx, visitor);
            return;
        }
        try {
            page.handle(ctx, visitor);
        } catch (Refusal refusal) {
            refused(ctx, refusal, visitor);
        }
    }

    void csrfRefused(Context ctx, WebSession.Visitor visitor) {
        pages.error(ctx, 403, "Request refused",
                "This form was not sent from a page of this site, or it is too old (its security token did not match)."
                        + " Go back, reload the page and try again.", visitor);
    }

    /** A refusal as a page, with the status the API gives it (the one table, {@link Refusal.Kind}). */
    private void refused(Context ctx, Refusal refusal, WebSession.Visitor visitor) {
        retryAfter(ctx, refusal);
        int status = refusal.kind().httpStatus();
        switch (refusal.kind()) {
            case NOT_FOUND -> pages.error(ctx, status, "Not found", "There is no such page or token.", visitor);
            case FORBIDDEN -> pages.error(ctx, status, "Forbidden", refusal.getMessage(), visitor);
            case CONFLICT -> pages.error(ctx, status, "Not possible", refusal.getMessage(), visitor);
            case RATE_LIMITED -> pages.error(ctx, status, "Too many attempts", refusal.getMessage(), visitor);
            default -> pages.error(ctx, status, "Not accepted", refusal.getMessage(), visitor);
        }
    }

    /** The refusal's Retry-After, when it is a refusal for now. */
    static void retryAfter(Context ctx, Refusal refusal) {
        refusal.retryAfter().ifPresent(after -> ctx.header("Retry-After", Long.toString(after.toSeconds())));
    }

    /** A local path to go back to after signing in or confirming the password; anything else goes to the token list. */
    static String safeReturn(String wanted) {
        boolean ours = wanted != null && (wanted.startsWith("/settings/") || wanted.startsWith("/orgs/") || wanted.equals("/orgs")
                || wanted.startsWith(OAuthPages.AUTHORIZE + "?") || wanted.equals(DevicePages.DEVICE)
                || wanted.startsWith(DevicePages.DEVICE + "?"));
        if (!ours || wanted.startsWith("//") || wanted.contains("\\")
                || wanted.chars().anyMatch(c -> c < 0x21)) {
            return "/settings/tokens";
        }
        return wanted;
    }

    private static void staticFile(RoutesConfig routes, String path, String contentType) {
        byte[] content = read("web" + path);
        routes.get(path, ctx -> {
            Pages.securityHeaders(ctx);
            ctx.header("Cache-Control", "public, max-age=3600");
            ctx.contentType(contentType).result(content);
        });
    }

    private static byte[] read(String resource) {
        try (InputStream in = WebRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(resource + " cannot be read", e);
        }
    }

    static Map<String, Object> model(Object... pairs) {
        Map<String, Object> model = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            model.put((String) pairs[i], pairs[i + 1]);
        }
        return model;
    }
}
