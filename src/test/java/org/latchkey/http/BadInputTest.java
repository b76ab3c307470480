package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.http.Refusals.assertCannotSignIn;
import static org.latchkey.http.Refusals.assertRefused;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.latchkey.ApiClient;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.http.Refusals.Snapshot;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Bad request bodies on every route that reads one: each gets the right 4xx with a JSON body
 * (never a 500), and leaves the caller's tokens, audit log and accounts as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    static final String SESSION = "/api/v1/session";
    static final String TOKENS = "/api/v1/user/tokens";
    static final String TOKEN = "/api/v1/user/tokens/{id}";
    static final String REGENERATE = "/api/v1/user/tokens/{id}/regenerate";
    static final String REVOKE = "/api/v1/user/tokens/{id}/revoke";
    static final String ROTATE = "/api/v1/tokens/self/rotate";
    static final String USERS = "/api/v1/admin/users";
    static final String VICTIM_PASSWORD = "victims password 1";

    /** One bad request and the refusal it must get; {@code field} null when no field is at fault. */
    record Bad(String method, String path, String body, int status, String field) {
        @Override
        public String toString() {
            String shown = body.length() > 80 ? body.substring(0, 80) + "…(" + body.length() + " chars)" : body;
            return method + " " + path + " " + shown.replaceAll("\\p{Cntrl}", "?") + " → " + status
                    + (field == null ? "" : " " + field);
        }
    }

    /**
     * A route, one of the text fields its body may have (any name for a route without a body),
     * whether a body is required, and who calls it.
     */
    record Route(String method, String path, String textField, boolean bodyRequired, Caller caller) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Who calls a route: nobody signed in, the admin's session, or a token with the self_rotate scope. */
    enum Caller { ANONYMOUS, SESSION, ROTATING_TOKEN }

    static final List<Route> ROUTES = List.of(
            new Route("POST", SESSION, "username", true, Caller.ANONYMOUS),
            new Route("DELETE", SESSION, "x", false, Caller.SESSION),
            new Route("POST", TOKENS, "name", true, Caller.SESSION),
            new Route("PATCH", TOKEN, "name", true, Caller.SESSION),
            new Route("DELETE", TOKEN, "x", false, Caller.SESSION),
            new Route("POST", REGENERATE, "expires_at", false, Caller.SESSION),
            new Route("POST", REVOKE, "x", false, Caller.SESSION),
            new Route("POST", ROTATE, "x", false, Caller.ROTATING_TOKEN),
            new Route("POST", USERS, "username", true, Caller.SESSION));

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    private TestServer server;
    private String session;
    private String rotating;
    private long tokenId;

    @BeforeAll
    void start() {
        server = TestServer.start(Engine.H2);
        session = server.signInAdmin();
        tokenId = server.createToken(session, "{\"name\":\"existing\",\"scopes\":[\"repo\"]}").get("id").asLong();
        rotating = server.createToken(session, "{\"name\":\"bot\",\"scopes\":[\"self_rotate\"]}").get("token").asText();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private int testsInWindow;

    /**
     * Malformed bodies count towards the address lockout (30 in 3 minutes), and these tests send
     * hundreds from one address: every few tests, the clock leaves the window behind.
     */
    @BeforeEach
    void leaveTheLockoutWindowBehind() {
        if (++testsInWindow == 8) {
            testsInWindow = 0;
            server.clock().advance(Refusals.PAST_LOCKOUT_WINDOW);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableBodies")
    void unreadable_bodies_are_refused_with_400(Bad bad) {
        assertRefusedWithoutChange(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldsOfTheWrongType")
    void fields_of_the_wrong_type_or_unknown_are_refused_with_422_naming_the_field(Bad bad) {
        assertRefusedWithoutChange(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unacceptableValues")
    void unacceptable_values_are_refused_naming_the_field(Bad bad) {
        assertRefusedWithoutChange(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodyRoutes")
    void bodies_over_the_limit_are_refused_with_413(Route route) {
        byte[] huge = ("{\"" + route.textField() + "\":\"" + "a".repeat(1 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] chunked = concat(Integer.toHexString(huge.length) + "\r\n", huge, "\r\n0\r\n\r\n");
        Snapshot before = Snapshot.of(server, session);

        Response declared = server.client().sendRaw(rawHead(route, "Content-Length: " + huge.length), huge);
        Response streamed = server.client().sendRaw(rawHead(route, "Transfer-Encoding: chunked"), chunked);

        assertRefused(declared, 413);
        assertRefused(streamed, 413);
        assertThat(Snapshot.of(server, session)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodyRoutes")
    void bodies_that_are_not_utf8_are_refused_with_400(Route route) {
        byte[] body = concat("{\"" + route.textField() + "\":\"", new byte[] {(byte) 0xC3, '('}, "\"}");
        Snapshot before = Snapshot.of(server, session);

        Response response = server.client().send(route.method(), path(route.path()), authorization(route.method(), route.path()),
                HttpRequest.BodyPublishers.ofByteArray(body));

        assertRefused(response, 400);
        assertThat(Snapshot.of(server, session)).isEqualTo(before);
    }

    @Test
    void unicode_names_and_descriptions_are_kept_as_given() {
        String name = "déploiement 🚀 日本";
        Response created = server.send("POST", TOKENS, "token " + session,
                "{\"name\":\"" + name + "\",\"description\":\"line one\\nline two\\ttabbed\",\"scopes\":[]}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo(name);
        assertThat(created.json().get("description").asText()).isEqualTo("line one\nline two\ttabbed");
        server.send("DELETE", TOKENS + "/" + created.json().get("id").asLong(), "token " + session, null);
    }

    static Stream<Bad> unreadableBodies() {
        List<Bad> cases = new ArrayList<>();
        for (Route route : ROUTES) {
            List<String> bodies = new ArrayList<>(List.of("{", "{\"%s\": tru}", "{\"%s\":\"x\",}", "{'%s':'x'}",
                    "{\"%s\":\"x\",\"%s\":\"y\"}", "{\"%s\":\"x\"", "{\"%s\":\"\\ud800\\", "[]", "[{}]", "42",
                    "\"text\"", "true", "null", "{} {}", "{}x", " ", "[".repeat(20_000),
                    "{\"%s\":" + "[".repeat(20_000)));
            if (route.bodyRequired()) {
                bodies.add("");
            }
            bodies.forEach(body -> cases.add(new Bad(route.method(), route.path(), body.replace("%s", route.textField()), 400,
                    null)));
        }
        return cases.stream();
    }

    static Stream<Bad> fieldsOfTheWrongType() {
        return Stream.of(
                session("\"username\":1,\"password\":\"x\"", "username"),
                session("\"username\":\"admin\",\"password\":[]", "password"),
                session("\"username\":\"admin\",\"password\":\"x\",\"otp\":{}", "otp"),
                session("\"username\":\"admin\",\"password\":\"x\",\"remember\":true", "remember"),
                tokens("\"name\":1,\"scopes\":[]", "name"),
                tokens("\"name\":true,\"scopes\":[]", "name"),
                tokens("\"name\":[\"x\"],\"scopes\":[]", "name"),
                tokens("\"name\":{},\"scopes\":[]", "name"),
                tokens("\"name\":\"new\",\"description\":5,\"scopes\":[]", "description"),
                tokens("\"name\":\"new\",\"scopes\":\"repo\"", "scopes"),
                tokens("\"name\":\"new\",\"scopes\":{}", "scopes"),
                tokens("\"name\":\"new\",\"scopes\":{\"repo\":true}", "scopes"),
                tokens("\"name\":\"new\",\"scopes\":[1]", "scopes[0]"),
                tokens("\"name\":\"new\",\"scopes\":[\"repo\",[]]", "scopes[1]"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":\"7\"", "expires_in_days"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":7.5", "expires_in_days"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":true", "expires_in_days"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":[7]", "expires_in_days"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":2147483648", "expires_in_days"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":-2147483649", "expires_in_days"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":99999999999999999999999", "expires_in_days"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":1e400", "expires_in_days"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_at\":1893456000", "expires_at"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires\":false", "expires"),
                tokens("\"name\":\"new\",\"type\":1", "type"),
                tokens("\"name\":\"new\",\"type\":\"fine_grained\",\"resources\":\"all\"", "resources"),
                tokens("\"name\":\"new\",\"type\":\"fine_grained\",\"resources\":[1]", "resources[0]"),
                tokens("\"name\":\"new\",\"type\":\"fine_grained\",\"resources\":[{\"owner\":[]}]", "resources[0].owner"),
                tokens("\"name\":\"new\",\"type\":\"fine_grained\",\"permissions\":[]", "permissions"),
                tokens("\"name\":\"new\",\"type\":\"fine_grained\",\"permissions\":{\"contents\":1}", "permissions.contents"),
                tokens("\"name\":\"new\",\"scopes\":[],\"note\":\"x\"", "note"),
                tokens("\"name\":\"new\",\"scopes\":[],\"Name\":\"x\"", "Name"),
                tokens("\"name\":\"new\",\"scopes\":[],\"id\":1", "id"),
                tokens("\"name\":\"new\",\"scopes\":[],\"token\":\"x\"", "token"),
                new Bad("PATCH", TOKEN, "{\"name\":1}", 422, "name"),
                new Bad("PATCH", TOKEN, "{\"description\":[]}", 422, "description"),
                new Bad("PATCH", TOKEN, "{\"scopes\":[\"repo\"]}", 422, "scopes"),
                new Bad("PATCH", TOKEN, "{\"expires_at\":\"2030-01-01T00:00:00Z\"}", 422, "expires_at"),
                new Bad("POST", REGENERATE, "{\"scopes\":\"repo\"}", 422, "scopes"),
                new Bad("POST", REGENERATE, "{\"expires_in_days\":\"30\"}", 422, "expires_in_days"),
                new Bad("POST", REGENERATE, "{\"name\":\"renamed\"}", 422, "name"),
                new Bad("POST", ROTATE, "{\"expires_in_days\":7}", 422, "expires_in_days"),
                new Bad("POST", REVOKE, "{\"reason\":\"compromised\"}", 422, "reason"),
                new Bad("DELETE", TOKEN, "{\"id\":1}", 422, "id"),
                new Bad("DELETE", SESSION, "{\"everywhere\":true}", 422, "everywhere"),
                users("\"username\":1", "username"),
                users("\"username\":\"victim\",\"password\":123456789012345", "password"),
                users("\"username\":\"victim\",\"email\":5", "email"),
                users("\"username\":\"victim\",\"admin\":\"true\"", "admin"),
                users("\"username\":\"victim\",\"admin\":1", "admin"),
                users("\"username\":\"victim\",\"admin\":null,\"role\":\"owner\"", "role"));
    }

    static Stream<Bad> unacceptableValues() {
        return Stream.of(
                tokens("\"scopes\":[]", 422, "name"),
                tokens("\"name\":null,\"scopes\":[]", 422, "name"),
                tokens("\"name\":\"\",\"scopes\":[]", 422, "name"),
                tokens("\"name\":\"   \",\"scopes\":[]", 422, "name"),
                tokens("\"name\":\"" + "n".repeat(101) + "\",\"scopes\":[]", 422, "name"),
                tokens("\"name\":\"" + "n".repeat(60_000) + "\",\"scopes\":[]", 422, "name"),
                tokens("\"name\":\"a\\u0000b\",\"scopes\":[]", 422, "name"),
                tokens("\"name\":\"a\\nb\",\"scopes\":[]", 422, "name"),
                tokens("\"name\":\"a\\u001bb\",\"scopes\":[]", 422, "name"),
                tokens("\"name\":\"a\\u007fb\",\"scopes\":[]", 422, "name"),
                tokens("\"name\":\"a\\u0085b\",\"scopes\":[]", 422, "name"),
                tokens("\"name\":\"lone \\ud800 surrogate\",\"scopes\":[]", 422, "name"),
                tokens("\"name\":\"new\",\"description\":\"" + "d".repeat(1001) + "\",\"scopes\":[]", 422, "description"),
                tokens("\"name\":\"new\",\"description\":\"a\\u0000b\",\"scopes\":[]", 422, "description"),
                tokens("\"name\":\"new\",\"description\":\"lone \\udc00\",\"scopes\":[]", 422, "description"),
                tokens("\"name\":\"new\"", 422, "scopes"),
                tokens("\"name\":\"new\",\"scopes\":null", 422, "scopes"),
                tokens("\"name\":\"new\",\"scopes\":[null]", 422, "scopes"),
                tokens("\"name\":\"new\",\"scopes\":[\"repo\",\"nope\"]", 422, "scopes"),
                tokens("\"name\":\"new\",\"scopes\":[\"\"]", 422, "scopes"),
                tokens("\"name\":\"new\",\"scopes\":[\"" + "s".repeat(50_000) + "\"]", 422, "scopes"),
                tokens("\"name\":\"existing\",\"scopes\":[]", 422, "name"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":0", 422, "expires_in_days"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":-1", 422, "expires_in_days"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":3651", 422, "expires_in_days"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":2147483647", 422, "expires_in_days"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":-2147483648", 422, "expires_in_days"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_at\":\"2020-01-01T00:00:00Z\"", 422, "expires_at"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_at\":\"not a date\"", 422, "expires_at"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_at\":\"\"", 422, "expires_at"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_at\":\"2031-01-31\"", 422, "expires_at"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_at\":\"2031-01-31T00:00:00\"", 422, "expires_at"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_at\":\"2031-02-30T00:00:00Z\"", 422, "expires_at"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_at\":\"2031-01-31T00:00:00+25:00\"", 422, "expires_at"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_at\":\"+999999999-12-31T23:59:59Z\"", 422, "expires_at"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_at\":\"-999999999-01-01T00:00:00Z\"", 422, "expires_at"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_at\":\"9999-12-31T23:59:59Z\"", 422, "expires_at"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":7,\"expires_at\":\"2031-01-31T00:00:00Z\"", 422,
                        "expires_at"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires_in_days\":7,\"expires\":\"never\"", 422, "expires_at"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires\":\"forever\"", 422, "expires"),
                tokens("\"name\":\"new\",\"scopes\":[],\"expires\":\"\"", 422, "expires"),
                tokens("\"name\":\"new\",\"type\":\"bespoke\",\"scopes\":[]", 422, "type"),
                tokens(fineGrained("{\"owner\":\"nobody\",\"repositories\":\"all\"}"), 422, "resources.owner"),
                tokens(fineGrained("{\"owner\":\"a\\u0000b\",\"repositories\":\"all\"}"), 422, "resources.owner"),
                tokens(fineGrained("{\"owner\":\"" + "o".repeat(50_000) + "\",\"repositories\":\"all\"}"), 422, "resources.owner"),
                tokens(fineGrained("null"), 422, "resources.owner"),
                tokens(fineGrained("{\"owner\":\"admin\",\"repositories\":\"some\"}"), 422, "resources.repositories"),
                tokens(fineGrained("{\"owner\":\"admin\",\"repositories\":[null]}"), 422, "resources.repositories"),
                tokens(fineGrained("{\"owner\":\"admin\",\"repositories\":[\"a\\u0000b\"]}"), 422, "resources.repositories"),
                tokens(fineGrained("{\"owner\":\"admin\",\"repositories\":{}}"), 422, "resources.repositories"),
                new Bad("PATCH", TOKEN, "{\"name\":\"\"}", 422, "name"),
                new Bad("PATCH", TOKEN, "{\"name\":\"" + "n".repeat(101) + "\"}", 422, "name"),
                new Bad("PATCH", TOKEN, "{\"name\":\"tab\\there\"}", 422, "name"),
                new Bad("PATCH", TOKEN, "{\"description\":\"a\\u0000b\"}", 422, "description"),
                new Bad("PATCH", TOKEN, "{\"description\":\"" + "d".repeat(1001) + "\"}", 422, "description"),
                new Bad("POST", REGENERATE, "{\"scopes\":[\"nope\"]}", 422, "scopes"),
                new Bad("POST", REGENERATE, "{\"scopes\":[null]}", 422, "scopes"),
                new Bad("POST", REGENERATE, "{\"expires_in_days\":0}", 422, "expires_in_days"),
                new Bad("POST", REGENERATE, "{\"expires_at\":\"2020-01-01T00:00:00Z\"}", 422, "expires_at"),
                new Bad("POST", REGENERATE, "{\"expires_in_days\":7,\"expires_at\":\"2031-01-31T00:00:00Z\"}", 422,
                        "expires_at"),
                users("\"username\":\"\"", 422, "username"),
                users("\"username\":null", 422, "username"),
                users("\"username\":\"victim\",\"password\":null", 422, "password"),
                users("\"username\":\"victim\",\"password\":\"short\"", 422, "password"),
                users("\"username\":\"victim\",\"password\":\"" + "p".repeat(1025) + "\"", 422, "password"),
                users("\"username\":\"bad name\"", 422, "username"),
                users("\"username\":\"-victim\"", 422, "username"),
                users("\"username\":\"" + "v".repeat(40) + "\"", 422, "username"),
                users("\"username\":\"" + "v".repeat(60_000) + "\"", 422, "username"),
                users("\"username\":\"vïctim\"", 422, "username"),
                users("\"username\":\"vic\\u0000tim\"", 422, "username"),
                users("\"username\":\"ADMIN\"", 422, "username"),
                users("\"username\":\"victim\",\"email\":\"not an e-mail\"", 422, "email"),
                users("\"username\":\"victim\",\"email\":\"a\\u0000b@example.com\"", 422, "email"),
                users("\"username\":\"victim\",\"email\":\"a\\u0007b@example.com\"", 422, "email"),
                users("\"username\":\"victim\",\"email\":\"" + "e".repeat(60_000) + "@example.com\"", 422, "email"),
                session("\"username\":\"admin\"", 401),
                session("\"password\":\"x\"", 401),
                session("\"username\":\"admin\",\"password\":\"\"", 401),
                session("\"username\":\"admin\",\"password\":null", 401),
                session("\"username\":\"ad\\u0000min\",\"password\":\"x\"", 401),
                session("\"username\":\"" + "u".repeat(60_000) + "\",\"password\":\"x\"", 401),
                session("\"username\":\"nobody\",\"password\":\"" + "p".repeat(60_000) + "\"", 401));
    }

    static Stream<Route> bodyRoutes() {
        return ROUTES.stream();
    }

    private static Bad session(String fields, String field) {
        return new Bad("POST", SESSION, "{" + fields + "}", 422, field);
    }

    /** The fields of a fine-grained token request for one resource, otherwise valid. */
    private static String fineGrained(String resource) {
        return "\"name\":\"fine\",\"type\":\"fine_grained\",\"resources\":[" + resource
                + "],\"permissions\":{\"contents\":\"read\"},\"expires_in_days\":7";
    }

    private static Bad session(String fields, int status) {
        return new Bad("POST", SESSION, "{" + fields + "}", status, null);
    }

    private static Bad tokens(String fields, String field) {
        return tokens(fields, 422, field);
    }

    private static Bad tokens(String fields, int status, String field) {
        return new Bad("POST", TOKENS, "{" + fields + "}", status, field);
    }

    /** A user creation with the victim's password unless the fields give one. */
    private static Bad users(String fields, String field) {
        return users(fields, 422, field);
    }

    private static Bad users(String fields, int status, String field) {
        String password = fields.contains("\"password\"") ? "" : ",\"password\":\"" + VICTIM_PASSWORD + "\"";
        return new Bad("POST", USERS, "{" + fields + password + "}", status, field);
    }

    private void assertRefusedWithoutChange(Bad bad) {
        Snapshot before = Snapshot.of(server, session);

        Response response = server.client().send(bad.method(), path(bad.path()), authorization(bad.method(), bad.path()),
                HttpRequest.BodyPublishers.ofString(bad.body()));

        if (bad.field() == null) {
            assertRefused(response, bad.status());
        } else {
            assertRefused(response, bad.status(), bad.field());
        }
        assertThat(Snapshot.of(server, session)).isEqualTo(before);
        if (bad.path().equals(USERS)) {
            assertCannotSignIn(server, "victim", VICTIM_PASSWORD);
        }
    }

    /** The request line and headers of a raw request with a JSON body on this route, framed as given. */
    private byte[] rawHead(Route route, String framing) {
        String requestLine = route.method() + " " + path(route.path()) + " HTTP/1.1";
        String authorization = authorization(route.method(), route.path()).entrySet().stream()
                .map(header -> header.getKey() + ": " + header.getValue()).findFirst().orElse("X-Anonymous: yes");
        return ApiClient.head(requestLine, authorization, "Content-Type: application/json", framing);
    }

    private static byte[] concat(String start, byte[] middle, String end) {
        byte[] startBytes = start.getBytes(StandardCharsets.US_ASCII);
        byte[] endBytes = end.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(startBytes, startBytes.length + middle.length + endBytes.length);
        System.arraycopy(middle, 0, all, startBytes.length, middle.length);
        System.arraycopy(endBytes, 0, all, startBytes.length + middle.length, endBytes.length);
        return all;
    }

    private String path(String template) {
        return template.replace("{id}", Long.toString(tokenId));
    }

    private Map<String, String> authorization(String method, String path) {
        Caller caller = ROUTES.stream().filter(route -> route.method().equals(method) && route.path().equals(path))
                .findFirst().orElseThrow().caller();
        return switch (caller) {
            case ANONYMOUS -> Map.of();
            case SESSION -> Map.of("Authorization", "token " + session);
            case ROTATING_TOKEN -> Map.of("Authorization", "token " + rotating);
        };
    }
}
