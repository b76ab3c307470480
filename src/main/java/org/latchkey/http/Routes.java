package org.latchkey.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.Consumer;

/**
 * What a {@link RouteGroup} registers on: the authenticated API, whose every route passes the gate,
 * and Javalin's own routes for the few that answer without it (health, documentation, metrics, leak
 * reports, the web pages).
 */
public final class Routes {

    private final Api api;
    private final RoutesConfig open;
    private Consumer<Context> pageNotFound = ctx -> ctx.status(404);

    Routes(Api api, RoutesConfig open) {
        this.api = api;
        this.open = open;
    }

    Api api() {
        return api;
    }

    /** Javalin's routes, for a route that does its own authentication or needs none. */
    public RoutesConfig open() {
        return open;
    }

    /** Answers a missing path under the web pages' roots with this page instead of the API's JSON. */
    public void pageNotFound(Consumer<Context> page) {
        this.pageNotFound = page;
    }

    Consumer<Context> pageNotFound() {
        return pageNotFound;
    }
}
