package org.latchkey.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * A request's JSON body read strictly with the API's one JSON configuration. The whole body is
 * parsed before any of it is mapped, so a body that is not well-formed JSON is always a 400, never
 * a 422 about the field the parser had reached. A body declared too large is refused before any of
 * it is read (a client that asked {@code Expect: 100-continue} then never sends it).
 */
final class JsonBody {

    private static final ObjectMapper MAPPER = Json.mapper();

    private JsonBody() {
    }

    /** The body as the given type; an empty body or one that is not a JSON object is a 400. */
    static <T> T read(Context ctx, Class<T> type) throws IOException {
        refuseDeclaredTooLarge(ctx);
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw Api.badRequest("A JSON body is required");
        }
        JsonNode tree = MAPPER.readTree(body);
        if (!tree.isObject()) {
            throw Api.badRequest("The body must be a JSON object");
        }
        return MAPPER.treeToValue(tree, type);
    }

    /** The body if there is one, else null. */
    static <T> T optional(Context ctx, Class<T> type) throws IOException {
        refuseDeclaredTooLarge(ctx);
        return ctx.bodyAsBytes().length == 0 ? null : read(ctx, type);
    }

    /**
     * For routes that take no body: none, or an empty JSON object. Anything else is refused as any
     * bad body is, so a malformed request, or one asking for options the route does not have, does
     * nothing rather than acting as if the body were not there.
     */
    static void none(Context ctx) throws IOException {
        optional(ctx, Empty.class);
    }

    /** The only body a route without one accepts. */
    record Empty() {
    }

    private static void refuseDeclaredTooLarge(Context ctx) {
        if (ctx.req().getContentLengthLong() > HttpServer.MAX_BODY_BYTES) {
            throw new ContentTooLargeResponse("Content Too Large");
        }
    }
}
