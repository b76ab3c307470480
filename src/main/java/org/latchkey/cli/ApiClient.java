package org.latchkey.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Speaks JSON to one Latchkey server, optionally with a token. Every status other than 2xx
 * becomes a {@link ServerRefusal} carrying the server's message; a network failure becomes a
 * {@link CliFailure} naming the URL.
 */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String server;
    private final String token;
    private final Credential credential;

    ApiClient(String server, String token, Credential credential) {
        this.server = server;
        this.token = token;
        this.credential = token == null ? Credential.NONE : credential;
    }

    static ApiClient anonymous(String server) {
        return new ApiClient(server, null, Credential.NONE);
    }

    String server() {
        return server;
    }

    Credential credential() {
        return credential;
    }

    ApiResponse get(String path) {
        return send(request(path).GET());
    }

    ApiResponse post(String path, JsonNode body) {
        HttpRequest.Builder request = request(path);
        if (body == null) {
            return send(request.POST(BodyPublishers.noBody()));
        }
        return send(request.header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(bytes(body))));
    }

    ApiResponse put(String path, JsonNode body) {
        return send(request(path).header("Content-Type", "application/json").PUT(BodyPublishers.ofByteArray(bytes(body))));
    }

    ApiResponse delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("User-Agent", "latchkey-cli/0.1.0");
        if (token != null) {
            request.header("Authorization", "token " + token);
        }
        return request;
    }

    private ApiResponse send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response;
        try {
            response = HTTP.send(request, BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new CliFailure(ExitCode.GENERAL, "the Latchkey server at " + server + " did not answer in time");
        } catch (IOException e) {
            throw CliFailure.unreachable(server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.GENERAL, "interrupted while talking to " + server);
        }
        return answer(response);
    }

    private ApiResponse answer(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status >= 200 && status < 300) {
            return body == null ? ApiResponse.empty(status, response.headers()) : new ApiResponse(status, body, response.headers());
        }
        throw new ServerRefusal(status, credential.explain(status, message(status, body)),
                body != null && body.path("error").isTextual() ? body.path("error").asText() : null);
    }

    private static String message(int status, JsonNode body) {
        if (body != null && body.path("message").isTextual() && !body.path("message").asText().isBlank()) {
            return body.path("message").asText();
        }
        return "the server answered HTTP " + status;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialise a request body", e);
        }
    }
}
