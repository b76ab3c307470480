package org.latchkey.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.Map;
import org.latchkey.account.AccountService;
import org.latchkey.account.Sessions;
import org.latchkey.audit.AuditLog;
import org.latchkey.auth.Authenticator;
import org.latchkey.auth.RateLimiter;
import org.latchkey.token.TokenService;

/** The HTTP front door: the REST API and health check on one Javalin server. */
public final class HttpServer implements AutoCloseable {

    static final long MAX_BODY_BYTES = 64 * 1024;

    /** The domain services the routes call. */
    public record Services(Authenticator authenticator, RateLimiter rateLimiter, TokenService tokens,
                           Sessions sessions, AccountService accounts, AuditLog audit, Clock clock) {
    }

    private final Javalin javalin;

    private HttpServer(Javalin javalin) {
        this.javalin = javalin;
    }

    public static HttpServer start(String bind, int port, Services services) {
        ObjectMapper mapper = Json.mapper();
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrorHandler(mapper)));
            config.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
            Api api = new Api(config.routes, services.authenticator(), services.rateLimiter(), mapper);
            new AccountRoutes(services.sessions(), services.accounts(), services.audit(), api).register(config.routes);
            new TokenRoutes(services.tokens(), services.clock(), api).register();
            ErrorMapper.register(config.routes);
        });
        javalin.start(bind, port);
        return new HttpServer(javalin);
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
