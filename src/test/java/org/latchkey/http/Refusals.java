package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;

/** Assertions about refusals, and snapshots of what a user can see, shared by the bad-input tests. */
final class Refusals {

    /** Enough to leave the failed-authentication window of the address lockout behind. */
    static final Duration PAST_LOCKOUT_WINDOW = Duration.ofMinutes(4);

    private Refusals() {
    }

    /** A refusal with this status and a JSON body of message, error code and documentation URL. */
    static JsonNode assertRefused(Response response, int status) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        return assertErrorBody(response);
    }

    /** A refusal with this status naming the field at fault. */
    static JsonNode assertRefused(Response response, int status, String field) {
        JsonNode body = assertRefused(response, status);
        assertThat(body.path("field").asText(null)).as("field of %s", response.body()).isEqualTo(field);
        return body;
    }

    /** A 4xx answer (never 500) with the JSON body every refusal has. */
    static JsonNode assertErrorBody(Response response) {
        assertThat(response.status()).as("status of %s", response.body()).isBetween(400, 499);
        assertThat(response.header("Content-Type")).as("content type of %s", response.body()).startsWith("application/json");
        JsonNode body = response.json();
        String error = body.path("error").asText();
        assertThat(body.path("message").asText()).as("message of %s", response.body()).isNotBlank();
        assertThat(error).as("error of %s", response.body()).matches("[a-z0-9_]+");
        assertThat(body.path("documentation_url").asText()).as("documentation_url of %s", response.body())
                .startsWith("http").endsWith("/docs/api#" + (error.startsWith("http_") ? "errors" : error));
        return body;
    }

    /**
     * What the holder of a session can see of their account: their tokens (without when and where
     * they were last used, which the server records in the background) and their audit log.
     */
    record Snapshot(String tokens, String auditLog) {
        static Snapshot of(TestServer server, String session) {
            Response tokens = server.get("/api/v1/user/tokens", "token " + session);
            Response audit = server.get("/api/v1/user/audit-log?per_page=100", "token " + session);
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            assertThat(audit.status()).as(audit.body()).isEqualTo(200);
            JsonNode list = tokens.json();
            list.forEach(token -> ((ObjectNode) token).remove(List.of("last_used_at", "last_used_ips", "last_used_user_agent")));
            return new Snapshot(list.toString(), audit.body());
        }
    }

    /**
     * That no account with this login and password exists (a refused creation created nothing):
     * signing in with them fails. Moves the clock past the address lockout window before and after.
     */
    static void assertCannotSignIn(TestServer server, String login, String password) {
        server.clock().advance(PAST_LOCKOUT_WINDOW);
        Response response = server.send("POST", "/api/v1/session", null,
                "{\"username\":\"" + login + "\",\"password\":\"" + password + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        server.clock().advance(PAST_LOCKOUT_WINDOW);
    }
}
