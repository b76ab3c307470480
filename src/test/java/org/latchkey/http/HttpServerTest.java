package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latchkey.account.LoginThrottle;
import org.latchkey.auth.MalformedRequests;
import org.latchkey.metrics.Metrics;

class HttpServerTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void serves_the_route_groups_it_is_given_and_nothing_else() throws Exception {
        Clock clock = Clock.systemUTC();
        HttpServer.Options options = new HttpServer.Options(null, List.of(),
                new MalformedRequests(new LoginThrottle(clock)), new Metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        RouteGroup hello = routes -> routes.open().get("/hello", ctx -> ctx.result("hello"));
        try (HttpServer server = HttpServer.start("127.0.0.1", 0, options, null,
                List.of(new ServerRoutes(), hello), List.of())) {
            assertThat(get(server, "/health").body()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(get(server, "/hello").body()).isEqualTo("hello");
            assertThat(get(server, "/api/v1/user").statusCode()).isEqualTo(404);
            assertThat(get(server, "/metrics").statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> get(HttpServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
