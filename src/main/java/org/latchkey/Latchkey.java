package org.latchkey;

import io.javalin.Javalin;

/** The composition root: builds every part of one server with plain constructors and runs it. */
public final class Latchkey implements AutoCloseable {

    private final Javalin http;

    private Latchkey(Javalin http) {
        this.http = http;
    }

    public static Latchkey start(Settings settings) {
        Javalin http = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/health", ctx -> ctx.json(java.util.Map.of("status", "ok")));
        });
        http.start(settings.bind(), settings.port());
        return new Latchkey(http);
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.stop();
    }
}
