package org.latchkey.http;

import java.util.Map;

/**
 * The server's own open routes: {@code /health} for load balancers and {@code /docs/api}, the API's
 * documentation (an HTML page, or Markdown on request and at {@code /docs/api.md}).
 */
public final class ServerRoutes implements RouteGroup {

    private final ApiDocs docs = ApiDocs.load();

    @Override
    public void register(Routes routes) {
        routes.open().get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        routes.open().get(ApiDocs.PATH, docs::answer);
        routes.open().get(ApiDocs.PATH + ".md", docs::answerMarkdown);
    }
}
