package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code latchkey login --web} and the credential helper's device flow: the device flow (RFC 8628)
 * with the server's built-in public app for the CLI. Prints the code and the address on standard
 * error, opens a browser when the desktop has one (never with {@code LATCHKEY_NO_BROWSER} set),
 * polls at the server's interval ({@code LATCHKEY_DEVICE_POLL_MILLIS} overrides it, for tests), and
 * answers the access and refresh tokens; renews them with the refresh token.
 */
final class WebLogin {

    static final String CLIENT_ID = "0000000000000000c11e";
    static final String SCOPES = "repo read:org read:user write:packages";
    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** The tokens the flow ended with, and the access token's lifetime in seconds. */
    record Tokens(String access, String refresh, long expiresIn) {
        @Override
        public String toString() {
            return "Tokens[…]";
        }
    }

    private final CliEnvironment environment;
    private final PrintWriter err;
    private final String server;
    private final String again;

    /** With {@code again}, what the person runs to start over once the sign-in has ended. */
    WebLogin(CliEnvironment environment, PrintWriter err, String server, String again) {
        this.environment = environment;
        this.err = err;
        this.server = server;
        this.again = again;
    }

    WebLogin(ClientOptions client, String server) {
        this(client.environment(), client.err(), server, "latchkey login --web");
    }

    Tokens run() {
        JsonNode code = post("/login/device/code", Map.of("client_id", CLIENT_ID, "scope", SCOPES));
        if (code.hasNonNull("error")) {
            throw new CliFailure(ExitCode.GENERAL, "the server refused the device flow: "
                    + code.path("error_description").asText(code.path("error").asText()));
        }
        String uri = code.path("verification_uri").asText();
        String userCode = code.path("user_code").asText();
        err.printf("Open %s and enter the code %s%n", uri, userCode);
        err.flush();
        openBrowser(uri);
        long interval = code.path("interval").asLong(5) * 1000;
        String override = environment.get("LATCHKEY_DEVICE_POLL_MILLIS");
        long deadline = System.nanoTime() + Duration.ofSeconds(code.path("expires_in").asLong(900)).toNanos();
        while (System.nanoTime() < deadline) {
            sleep(override != null ? Long.parseLong(override) : interval);
            JsonNode answer = post("/login/oauth/access_token", Map.of("grant_type", DEVICE_GRANT,
                    "client_id", CLIENT_ID, "device_code", code.path("device_code").asText()));
            String error = answer.path("error").asText(null);
            if (error == null) {
                return tokens(answer);
            }
            switch (error) {
                case "authorization_pending" -> { }
                case "slow_down" -> interval = answer.path("interval").asLong(interval / 1000 + 5) * 1000;
                case "access_denied" -> throw new CliFailure(ExitCode.NOT_AUTHENTICATED, "the sign-in was denied in the browser");
                case "expired_token" -> throw new CliFailure(ExitCode.NOT_AUTHENTICATED,
                        "the code expired before it was approved; run " + again + " again");
                default -> throw new CliFailure(ExitCode.GENERAL, "the server refused the sign-in: "
                        + answer.path("error_description").asText(error));
            }
        }
        throw new CliFailure(ExitCode.NOT_AUTHENTICATED, "the code expired before it was approved; run " + again + " again");
    }

    /** Exchanges the refresh token for a new pair (rotation: the old one is used up). */
    Tokens refresh(String refreshToken) {
        JsonNode answer = post("/login/oauth/access_token", Map.of("grant_type", "refresh_token",
                "client_id", CLIENT_ID, "refresh_token", refreshToken));
        if (answer.hasNonNull("error") || !answer.hasNonNull("access_token")) {
            throw new CliFailure(ExitCode.NOT_AUTHENTICATED, "the sign-in through the browser has ended ("
                    + answer.path("error_description").asText("refused") + "): run " + again + " again");
        }
        return tokens(answer);
    }

    /**
     * Whose the access token is, by {@code GET /api/v1/auth/check}: the login, or empty when the
     * server refuses the token (401); any other answer is a {@link CliFailure}.
     */
    Optional<String> owner(String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server + "/api/v1/auth/check")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "token " + accessToken).GET().build();
        HttpResponse<Void> response = send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 401) {
            return Optional.empty();
        }
        Optional<String> user = response.headers().firstValue("X-Latchkey-User");
        if (response.statusCode() != 204 || user.isEmpty()) {
            throw new CliFailure(ExitCode.GENERAL, "the server at " + server + " answered " + response.statusCode()
                    + " to a token check");
        }
        return user;
    }

    private static Tokens tokens(JsonNode answer) {
        return new Tokens(answer.path("access_token").asText(), answer.path("refresh_token").asText(null),
                answer.path("expires_in").asLong(8 * 3600));
    }

    private void openBrowser(String uri) {
        CliEnvironment env = environment;
        if (env.get("LATCHKEY_NO_BROWSER") != null || env.get("DISPLAY") == null && env.get("WAYLAND_DISPLAY") == null) {
            return;
        }
        for (String dir : String.valueOf(env.get("PATH")).split(":")) {
            Path opener = Path.of(dir.isEmpty() ? "." : dir, "xdg-open");
            if (Files.isExecutable(opener)) {
                try {
                    new ProcessBuilder(opener.toString(), uri).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                } catch (IOException e) {
                    return;
                }
                return;
            }
        }
    }

    private JsonNode post(String path, Map<String, String> fields) {
        StringBuilder form = new StringBuilder();
        new LinkedHashMap<>(fields).forEach((name, value) -> form.append(form.length() > 0 ? "&" : "")
                .append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        try {
            return ApiClient.JSON.readTree(send(request, HttpResponse.BodyHandlers.ofByteArray()).body());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "the server at " + server + " did not answer JSON");
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return HTTP.send(request, body);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot reach " + server + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.GENERAL, "interrupted");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.GENERAL, "interrupted");
        }
    }
}
