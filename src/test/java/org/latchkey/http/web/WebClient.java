package org.latchkey.http.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.latchkey.TestServer;

/** A browser without a browser: keeps cookies, follows no redirects, posts forms and reads CSRF tokens from pages. */
final class WebClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final TestServer server;
    private final HttpClient client;

    WebClient(TestServer server) {
        this(server, HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build());
    }

    private WebClient(TestServer server, HttpClient client) {
        this.server = server;
        this.client = client;
    }

    /** The same browser (its cookies) talking to another node, as behind a load balancer. */
    WebClient on(TestServer node) {
        return new WebClient(node, client);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** Posts a form: name, value, name, value… */
    HttpResponse<String> post(String path, String... fields) {
        String body = IntStream.range(0, fields.length / 2)
                .mapToObj(i -> encode(fields[2 * i]) + "=" + encode(fields[2 * i + 1]))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts a form with an extra Cookie header, as a client that made the cookie up would. */
    HttpResponse<String> postWithCookie(String path, String cookie, String... fields) {
        String body = IntStream.range(0, fields.length / 2)
                .mapToObj(i -> encode(fields[2 * i]) + "=" + encode(fields[2 * i + 1]))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts a body as it is, declared as a form. */
    HttpResponse<String> postRaw(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The CSRF token of the form on the page at {@code path}. */
    String csrf(String path) {
        return csrfOf(get(path).body());
    }

    static String csrfOf(String page) {
        Matcher matcher = CSRF.matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("no CSRF field on the page:\n" + page);
        }
        return matcher.group(1);
    }

    /** Signs in through the form; returns the answer to the POST. */
    HttpResponse<String> signIn(String login, String password) {
        return post("/login", "_csrf", csrf("/login"), "login", login, "password", password);
    }

    private URI uri(String path) {
        return URI.create(server.baseUrl() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(20)).header("User-Agent", "latchkey-web-test").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
