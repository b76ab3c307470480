package org.latchkey.http;

import java.util.Map;

/** The server's own open routes: {@code /health} for load balancers and {@code /docs/api}, the API's documentation. */
public final class ServerRoutes implements RouteGroup {

    private static final byte[] API_DOCS = readDocs();

    @Override
    public void register(Routes routes) {
        routes.open().get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        routes.open().get("/docs/api", ctx -> ctx.contentType("text/markdown; charset=utf-8").result(API_DOCS));
    }

    private static byte[] readDocs() {
        try (var in = ServerRoutes.class.getResourceAsStream("/docs/api.md")) {
            return in.readAllBytes();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the API documentation is missing from the jar", e);
        }
    }
}
