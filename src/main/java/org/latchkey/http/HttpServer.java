package org.latchkey.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.latchkey.access.Authorizer;
import org.latchkey.advice.TokenAdvisor;
import org.latchkey.alert.Webhooks;
import org.latchkey.alert.Alerts;
import org.latchkey.audit.UsageLog;
import org.latchkey.account.UserStore;
import org.latchkey.org.OwnerTargets;
import org.latchkey.org.OrgService;
import org.latchkey.org.OrgTokens;
import org.latchkey.pkg.PackageService;
import org.latchkey.repo.RepositoryService;
import org.latchkey.repo.RepositoryStore;
import java.util.Map;
import org.latchkey.account.AccountService;
import org.latchkey.account.Sessions;
import org.latchkey.account.TwoFactor;
import org.latchkey.audit.AuditLog;
import org.latchkey.auth.Authenticator;
import org.latchkey.auth.MalformedRequests;
import org.latchkey.gate.Gate;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.function.Consumer;
import org.latchkey.http.web.WebRoutes;
import org.latchkey.metrics.Metrics;
import org.latchkey.scan.LeakReports;
import org.latchkey.token.TokenService;
import org.latchkey.token.TokenSuspensions;
import org.latchkey.token.TokenBreach;

/** The HTTP front door: the REST API, the web interface and the health check on one Javalin server. */
public final class HttpServer implements AutoCloseable {

    static final long MAX_BODY_BYTES = 64 * 1024;

    /** The domain services the routes call. */
    public record Services(Authenticator authenticator, Gate gate, TokenService tokens,
                           Sessions sessions, AccountService accounts, AuditLog audit, RepositoryService repositories,
                           TwoFactor twoFactor,
                           OrgService orgs, OrgTokens orgTokens, UserStore users, RepositoryStore repositoryStore,
                           Authorizer authorizer, OwnerTargets owners, TokenAdvisor advisor, UsageLog usageLog,
                           LeakReports leaks, Clock clock, Metrics metrics, PrometheusMeterRegistry prometheus,
                           String metricsToken, TokenSuspensions suspensions, TokenBreach breach,
                           PackageService packages, Webhooks hooks, Alerts alerts, String publicUrl,
                           List<String> trustedProxies, MalformedRequests malformed) {
    }

    private static final byte[] API_DOCS = readDocs();

    private final Javalin javalin;

    private HttpServer(Javalin javalin) {
        this.javalin = javalin;
    }

    /** Starts the server; {@code frontFilters} see every request before the API does (the git endpoint). */
    public static HttpServer start(String bind, int port, Services services, List<Filter> frontFilters) {
        ObjectMapper mapper = Json.mapper();
        List<Filter> filters = new ArrayList<>();
        filters.add(new StatusCounter(services.metrics()));
        filters.addAll(frontFilters);
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            Links.configure(config, services.publicUrl());
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.jetty.modifyServer(server -> server.setErrorHandler(
                    new JettyErrorHandler(mapper, services.publicUrl(), services.malformed())));
            // Jetty reuses the header lines a connection sent before and by default matches them
            // ignoring case, which would read a secret differing only in the case of a letter as
            // the one sent earlier on that connection (by the same client, or by a proxy's pool).
            config.jetty.modifyHttpConfiguration(http -> {
                http.setHeaderCacheCaseSensitive(true);
                http.addCustomizer(new DefaultResponseHeaders());
                if (!services.trustedProxies().isEmpty()) {
                    http.addCustomizer(new TrustedProxies(services.trustedProxies()));
                }
            });
            config.routes.before(Api::refuseMalformedEscapes);
            config.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
            config.routes.get("/docs/api", ctx -> ctx.contentType("text/markdown; charset=utf-8").result(API_DOCS));
            new MetricsRoute(services.prometheus(), services.metricsToken()).register(config.routes);
            Api api = new Api(config.routes, services.gate(), mapper);
            new AccountRoutes(services.sessions(), services.accounts(), services.twoFactor(), services.audit(), api)
                    .register(config.routes);
            TokenViews views = new TokenViews(services.users(), services.repositoryStore());
            new TokenRoutes(services.tokens(), services.advisor(), new UsagePages(services.usageLog()), views, services.clock(), api)
                    .register();
            new SuspensionRoutes(services.suspensions(), views, services.clock(), api).register();
            new BreachRoutes(services.breach(), views, services.clock(), api).register();
            new RepoRoutes(services.repositories(), services.orgs(), api).register();
            new NpmRoutes(services.packages(), api).register();
            new PackageRoutes(services.packages(), services.orgs(), api).register();
            new OrgRoutes(services.orgs(), services.orgTokens(), views, new AuditPages(services.audit()), services.clock(), api).register();
            new CheckRoutes(services.authorizer(), services.repositories(), services.owners(), services.tokens(), api)
                    .register();
            new LeakRoutes(services.leaks(), mapper).register(config.routes);
            new HookRoutes(services.hooks(), api).register();
            new AlertRoutes(services.alerts(), services.clock(), api).register();
            Consumer<Context> pageNotFound = WebRoutes.register(config.routes, new WebRoutes.Services(services.authenticator(), services.sessions(),
                    services.tokens(), services.audit(), services.orgs(), services.orgTokens(), services.repositoryStore(),
                    services.advisor(), services.usageLog(), services.suspensions(), services.breach(), services.alerts(),
                    services.clock(), services.twoFactor()));
            config.jetty.modifyServletContextHandler(handler -> filters.forEach(filter ->
                    handler.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST))));
            ErrorMapper.register(config.routes, services.malformed(), pageNotFound);
        });
        javalin.start(bind, port);
        return new HttpServer(javalin);
    }

    private static byte[] readDocs() {
        try (var in = HttpServer.class.getResourceAsStream("/docs/api.md")) {
            return in.readAllBytes();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the API documentation is missing from the jar", e);
        }
    }

    /** Refuses a trusted proxy that is not an IP address or CIDR block (IllegalArgumentException). */
    public static void checkTrustedProxy(String addressOrBlock) {
        TrustedProxies.check(addressOrBlock);
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
