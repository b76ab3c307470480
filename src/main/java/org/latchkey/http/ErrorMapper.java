package org.latchkey.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Optional;
import java.util.function.Consumer;
import org.latchkey.InvalidField;
import org.latchkey.Refusal;
import org.latchkey.Text;
import org.latchkey.account.AccountRefusals;
import org.latchkey.auth.AccessDenied;
import org.latchkey.auth.MalformedRequests;
import org.latchkey.auth.RateLimited;
import org.latchkey.http.web.WebRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP: each {@link Refusal.Kind} has its status, every body is
 * {@link ErrorBody}, and nothing unexpected leaks more than "Internal error" and an incident id (see
 * {@link Incidents}).
 */
final class ErrorMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    /** Sent with a sign-in that needs a two-factor code, as GitHub sends {@code X-GitHub-OTP}. */
    static final String OTP_HEADER = "X-Latchkey-OTP";

    private ErrorMapper() {
    }

    /**
     * Maps every failure of {@code routes}; refusals of malformed requests (unreadable bodies, bodies
     * over the limit) count against the caller's address in {@code malformed}, and a missing page
     * under the web pages' roots goes to {@code pageNotFound}.
     */
    static void register(RoutesConfig routes, MalformedRequests malformed, Consumer<Context> pageNotFound) {
        routes.exception(Refusal.class, (refusal, ctx) -> {
            if (refusal.kind() == Refusal.Kind.BAD_INPUT || refusal.kind() == Refusal.Kind.TOO_LARGE) {
                malformed.refused(ctx.ip());
            }
            refusal(refusal, ctx);
        });
        routes.exception(JsonProcessingException.class, (e, ctx) -> json(e, ctx, malformed));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            switch (e.getStatus()) {
                case 404 -> notFound(ctx, pageNotFound);
                case 413 -> {
                    malformed.refused(ctx.ip());
                    send(ctx, Refusal.Kind.TOO_LARGE.httpStatus(),
                            "Request body too large (at most " + HttpServer.MAX_BODY_BYTES + " bytes)",
                            "body_too_large", null);
                }
                default -> send(ctx, e.getStatus(), e.getMessage(), "http_" + e.getStatus(), null);
            }
        });
        routes.exception(Exception.class, (e, ctx) -> {
            if (endedEarly(e)) {
                malformed.refused(ctx.ip());
                send(ctx, Refusal.Kind.BAD_INPUT.httpStatus(), "The request body ended before its declared length",
                        "bad_request", null);
                return;
            }
            String id = Incidents.report(LOG, route(ctx), e);
            send(ctx, 500, "Internal error (incident " + id + ")", "internal_error", null);
        });
        routes.error(404, "*", ctx -> {
            if (ctx.result() == null) {
                notFound(ctx, pageNotFound);
            }
        });
        routes.error(405, "*", ctx -> send(ctx, 405, "Method Not Allowed", "method_not_allowed", null));
    }

    /**
     * No route: the HTML page under the pages' roots (unless an API client, which sends a token,
     * used a GitHub-shaped path there, such as {@code /orgs/acme}), else the JSON refusal, naming
     * where a GitHub-shaped path lives in Latchkey.
     */
    private static void notFound(Context ctx, Consumer<Context> pageNotFound) {
        Optional<String> github = GitHubPaths.hint(ctx.method().name(), ctx.path());
        if (WebRoutes.isPagePath(ctx.path()) && (github.isEmpty() || ctx.header("Authorization") == null)) {
            pageNotFound.accept(ctx);
        } else {
            send(ctx, Refusal.Kind.NOT_FOUND.httpStatus(), github.map(hint -> "Not Found. " + hint).orElse("Not Found"),
                    "not_found", null);
        }
    }

    private static void refusal(Refusal refusal, Context ctx) {
        if (refusal instanceof RateLimited limited) {
            Api.rateLimitHeaders(ctx, limited.status());
        }
        refusal.retryAfter().ifPresent(after -> ctx.header("Retry-After", Long.toString(after.toSeconds())));
        if (refusal instanceof AccessDenied denied) {
            acceptedHeader(ctx, "X-Accepted-OAuth-Scopes", denied.acceptedScopes());
            acceptedHeader(ctx, "X-Accepted-Latchkey-Permissions", denied.acceptedPermission());
        }
        if (AccountRefusals.asksForOtp(refusal)) {
            ctx.header(OTP_HEADER, "required; app");
        }
        if (refusal.kind() == Refusal.Kind.UNAUTHENTICATED && !isNpm(ctx)) {
            ctx.header("WWW-Authenticate", "Basic realm=\"Latchkey\"");
        }
        String field = refusal instanceof InvalidField invalid ? invalid.field() : null;
        send(ctx, refusal.kind().httpStatus(), refusal.getMessage(), refusal.code(), field);
    }

    private static void acceptedHeader(Context ctx, String name, String accepted) {
        if (accepted != null && !accepted.isEmpty()) {
            ctx.header(name, accepted);
        }
    }

    /**
     * A body that cannot be parsed is 400, whatever field the parser had reached; a value of the
     * wrong type (or out of range) is 422 naming its field. Field names are echoed only when they
     * are plain names, never when they could hold a secret.
     */
    private static void json(JsonProcessingException e, Context ctx, MalformedRequests malformed) {
        String field = e instanceof JsonMappingException mapping ? fieldPath(mapping) : null;
        if (unparseable(e)) {
            malformed.refused(ctx.ip());
            send(ctx, Refusal.Kind.BAD_INPUT.httpStatus(), "Problems parsing JSON", "invalid_json", null);
        } else if (e instanceof UnrecognizedPropertyException unknown) {
            String name = unknown.getPropertyName();
            boolean plain = Text.quoted(name, null) != null;
            send(ctx, Refusal.Kind.INVALID_FIELD.httpStatus(), "Unknown field " + Text.quoted(name, "(not shown)"),
                    "unknown_field", plain ? name : null);
        } else if (field != null) {
            send(ctx, Refusal.Kind.INVALID_FIELD.httpStatus(), "Invalid value for '" + field + "'", "invalid", field);
        } else {
            malformed.refused(ctx.ip());
            send(ctx, Refusal.Kind.BAD_INPUT.httpStatus(), "The body must be a JSON object", "invalid_body", null);
        }
    }

    /** Whether the client stopped sending the body it declared (or went away while sending it). */
    private static boolean endedEarly(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    /** The route that failed, as registered ({@code POST /api/v1/user/tokens/{id}/revoke}), never the raw path. */
    private static String route(Context ctx) {
        try {
            io.javalin.router.Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
            return endpoint == null ? ctx.method() + " (no route)" : endpoint.method + " " + endpoint.path;
        } catch (RuntimeException none) {
            return ctx.method() + " (no route)";
        }
    }

    /** Whether the body is not well-formed JSON (or too deep or long to parse), as opposed to a value that does not fit. */
    private static boolean unparseable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamConstraintsException
                    || cause instanceof StreamReadException && !(cause instanceof InputCoercionException)) {
                return true;
            }
        }
        return false;
    }

    /** The path of the field at fault, such as {@code scopes[1]}, or null for the body itself. */
    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    /**
     * Sends the refusal. npm prints a registry's {@code error} field, not {@code message}, so under
     * {@code /npm/} {@code error} carries the sentence and {@code code} the stable code; and there
     * is no {@code WWW-Authenticate} challenge, which npm would print instead of the reason.
     */
    static void send(Context ctx, int status, String message, String code, String field) {
        String docs = Links.base(ctx) + ApiDocs.PATH + "#" + ApiDocs.anchor(code);
        if (isNpm(ctx)) {
            ctx.status(status).json(new NpmErrorBody(message, message, code, docs));
        } else {
            ctx.status(status).json(new ErrorBody(message, code, field, docs));
        }
    }

    private static boolean isNpm(Context ctx) {
        return ctx.path().startsWith("/npm/");
    }

    /** The error body of the npm registry's routes. */
    record NpmErrorBody(String error, String message, String code, String documentationUrl) {
    }
}
