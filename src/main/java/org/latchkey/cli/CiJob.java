package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The CI job the helper runs in, when it runs in one: its ID token comes from
 * {@code LATCHKEY_ID_TOKEN} (any CI that puts the token in a variable, such as GitLab's
 * {@code id_tokens:}), or is requested for the server's audience from GitHub's (and Forgejo's)
 * {@code ACTIONS_ID_TOKEN_REQUEST_URL} with {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}; the server
 * exchanges it for a job token ({@code POST /api/v1/oidc/token}).
 */
final class CiJob {

    static final String ID_TOKEN = "LATCHKEY_ID_TOKEN";
    static final String REQUEST_URL = "ACTIONS_ID_TOKEN_REQUEST_URL";
    static final String REQUEST_TOKEN = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
    /** The user name git is given with a job token, as GitHub's {@code GITHUB_TOKEN} is used. */
    static final String USERNAME = "x-access-token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final Function<String, String> env;

    private CiJob(Function<String, String> env) {
        this.env = env;
    }

    /** The job, when the environment can give an ID token. */
    static Optional<CiJob> of(Function<String, String> env) {
        boolean variable = present(env.apply(ID_TOKEN));
        boolean github = present(env.apply(REQUEST_URL)) && present(env.apply(REQUEST_TOKEN));
        return variable || github ? Optional.of(new CiJob(env)) : Optional.empty();
    }

    /** A job token for {@code server} (scheme and host), naming {@code owner} when the request implies one. */
    String exchange(String server, String owner) {
        ApiClient api = ApiClient.anonymous(server);
        ObjectNode body = ApiClient.JSON.createObjectNode().put("token", idToken(api));
        if (owner != null) {
            body.put("owner", owner);
        }
        JsonNode answer = api.post("/api/v1/oidc/token", body).body();
        String token = answer.path("token").asText("");
        if (!token.startsWith("lkj_")) {
            throw new CliFailure(ExitCode.GENERAL, "the server at " + server + " answered the exchange without a job token");
        }
        return token;
    }

    private String idToken(ApiClient api) {
        String variable = env.apply(ID_TOKEN);
        if (present(variable)) {
            return variable.strip();
        }
        String audience = api.get("/api/v1/oidc/audience").body().path("audience").asText("");
        String url = env.apply(REQUEST_URL);
        String requestUrl = url + (url.contains("?") ? "&" : "?") + "audience="
                + URLEncoder.encode(audience, StandardCharsets.UTF_8);
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(requestUrl))
                    .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                    .header("Authorization", "Bearer " + env.apply(REQUEST_TOKEN)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode value = response.statusCode() == 200 ? ApiClient.JSON.readTree(response.body()).path("value") : null;
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw new CliFailure(ExitCode.GENERAL, "the CI system did not give an ID token (HTTP "
                        + response.statusCode() + "); does the job have permissions: id-token: write?");
            }
            return value.asText();
        } catch (IOException | IllegalArgumentException e) {
            throw new CliFailure(ExitCode.GENERAL, "cannot request the job's ID token from " + REQUEST_URL + ": "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.GENERAL, "interrupted while requesting the job's ID token");
        }
    }

    /** The owner a repository path ({@code acme/app.git}) names, when git sends the path. */
    static String ownerOf(String path) {
        if (path == null) {
            return null;
        }
        String stripped = path.startsWith("/") ? path.substring(1) : path;
        int slash = stripped.indexOf('/');
        return slash > 0 ? stripped.substring(0, slash) : null;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
