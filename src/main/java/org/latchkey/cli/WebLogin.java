package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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

/**
 * {@code latchkey login --web}: the device flow (RFC 8628) with the server's built-in public app
 * for the CLI. Prints the code and the address, opens a browser when the desktop has one (never
 * with {@code LATCHKEY_NO_BROWSER} set), polls at the server's interval ({@code
 * LATCHKEY_DEVICE_POLL_MILLIS} overrides it, for tests), and answers the access and refresh tokens.
 */
final class WebLogin {

    static final String CLIENT_ID = "0000000000000000c11e";
    static final String SCOPES = "repo read:org read:user write:packages";
    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** The tokens the flow ended with. */
    record Tokens(String access, String refresh) {
        @Override
        public String toString() {
            return "Tokens[…]";
        }
    }

    private final ClientOptions client;
    private final String server;

    WebLogin(ClientOptions client, String server) {
        this.client = client;
        this.server = server;
    }

    Tokens run() {
        JsonNode code = post("/login/device/code", Map.of("client_id", CLIENT_ID, "scope", SCOPES));
        if (code.hasNonNull("error")) {
            throw new CliFailure(ExitCode.GENERAL, "the server refused the device flow: "
                    + code.path("error_description").asText(code.path("error").asText()));
        }
        String uri = code.path("verification_uri").asText();
        String userCode = code.path("user_code").asText();
        client.err().printf("Open %s and enter the code %s%n", uri, userCode);
        client.err().flush();
        openBrowser(uri);
        long interval = code.path("interval").asLong(5) * 1000;
        String override = client.environment().get("LATCHKEY_DEVICE_POLL_MILLIS");
        long deadline = System.nanoTime() + Duration.ofSeconds(code.path("expires_in").asLong(900)).toNanos();
        while (System.nanoTime() < deadline) {
            sleep(override != null ? Long.parseLong(override) : interval);
            JsonNode answer = post("/login/oauth/access_token", Map.of("grant_type", DEVICE_GRANT,
                    "client_id", CLIENT_ID, "device_code", code.path("device_code").asText()));
            String error = answer.path("error").asText(null);
            if (error == null) {
                return new Tokens(answer.path("access_token").asText(), answer.path("refresh_token").asText(null));
            }
            switch (error) {
                case "authorization_pending" -> { }
                case "slow_down" -> interval = answer.path("interval").asLong(interval / 1000 + 5) * 1000;
                case "access_denied" -> throw new CliFailure(ExitCode.NOT_AUTHENTICATED, "the sign-in was denied in the browser");
                case "expired_token" -> throw new CliFailure(ExitCode.NOT_AUTHENTICATED,
                        "the code expired before it was approved; run latchkey login --web again");
                default -> throw new CliFailure(ExitCode.GENERAL, "the server refused the sign-in: "
                        + answer.path("error_description").asText(error));
            }
        }
        throw new CliFailure(ExitCode.NOT_AUTHENTICATED, "the code expired before it was approved; run latchkey login --web again");
    }

    /** Exchanges the refresh token for a new pair (rotation: the old one is used up). */
    Tokens refresh(String refreshToken) {
        JsonNode answer = post("/login/oauth/access_token", Map.of("grant_type", "refresh_token",
                "client_id", CLIENT_ID, "refresh_token", refreshToken));
        if (answer.hasNonNull("error") || !answer.hasNonNull("access_token")) {
            throw new CliFailure(ExitCode.NOT_AUTHENTICATED, "the sign-in through the browser has ended ("
                    + answer.path("error_description").asText("refused") + "): run latchkey login --web again");
        }
        return new Tokens(answer.path("access_token").asText(), answer.path("refresh_token").asText(null));
    }

    private void openBrowser(String uri) {
        CliEnvironment env = client.environment();
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
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return ApiClient.JSON.readTree(response.body());
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
