package org.latchkey.http.web;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the Thymeleaf templates under {@code web/templates/} and sets the headers every page
 * carries: a Content-Security-Policy that allows no inline script, no framing, no referrer to
 * other sites, and no caching of a signed-in page (they show tokens, and once a secret).
 */
final class Pages {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final TemplateEngine engine = new TemplateEngine();
    private final WebFormat format;

    Pages(WebFormat format) {
        this.format = format;
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Pages.class.getClassLoader());
        resolver.setPrefix("web/templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
    }

    static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
    }

    void render(Context ctx, int status, String template, WebSession.Visitor visitor, Map<String, ?> model) {
        Map<String, Object> variables = new HashMap<>(model);
        variables.put("fmt", format);
        variables.put("user", visitor == null ? null : visitor.principal().user());
        variables.put("csrf", visitor == null ? variables.get("csrf") : visitor.csrf());
        org.thymeleaf.context.Context context = new org.thymeleaf.context.Context(java.util.Locale.ENGLISH, variables);
        securityHeaders(ctx);
        ctx.status(status).html(engine.process(template, context));
    }

    void render(Context ctx, String template, WebSession.Visitor visitor, Map<String, ?> model) {
        render(ctx, 200, template, visitor, model);
    }

    /** The error page: a title and a sentence, with the given status. */
    void error(Context ctx, int status, String title, String message, WebSession.Visitor visitor) {
        render(ctx, status, "error", visitor, Map.of("title", title, "message", message));
    }
}
