package org.latchkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases;

/**
 * A real Latchkey server for integration tests: on a free loopback port, with a fresh database
 * of the chosen engine, a fresh data directory and a clock the test moves. Speaks HTTP to it.
 */
public final class TestServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Latchkey latchkey;
    private final Path dataDir;
    private final MutableClock clock;
    private final AutoCloseable database;

    /** What the server answered. */
    public record Response(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private TestServer(Latchkey latchkey, Path dataDir, MutableClock clock, AutoCloseable database) {
        this.latchkey = latchkey;
        this.dataDir = dataDir;
        this.clock = clock;
        this.database = database;
    }

    public static TestServer start(TestDatabases.Engine engine) {
        return start(engine, settings -> settings);
    }

    public static TestServer start(TestDatabases.Engine engine, UnaryOperator<Settings> customise) {
        try {
            Path dataDir = Files.createTempDirectory("latchkey-test-");
            MutableClock clock = MutableClock.startingNow();
            Settings settings = Settings.defaults(dataDir).withNetwork("127.0.0.1", 0).withClock(clock);
            AutoCloseable database = () -> { };
            if (engine == TestDatabases.Engine.POSTGRESQL) {
                TestDatabases.PostgresUrl pg = TestDatabases.freshPostgresUrl();
                settings = settings.withDatabase(pg.url(), pg.user(), pg.password());
                database = pg;
            }
            return new TestServer(Latchkey.start(customise.apply(settings)), dataDir, clock, database);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public MutableClock clock() {
        return clock;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Latchkey latchkey() {
        return latchkey;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + latchkey.port();
    }

    public String adminPassword() {
        try {
            return Files.readString(dataDir.resolve(FirstAdmin.PASSWORD_FILE)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs in and returns the session secret. */
    public String signIn(String login, String password) {
        Response response = send("POST", "/api/v1/session", null,
                "{\"username\":\"" + login + "\",\"password\":\"" + password + "\"}");
        if (response.status() != 201) {
            throw new AssertionError("sign-in failed: " + response.status() + " " + response.body());
        }
        return response.json().get("token").asText();
    }

    public String signInAdmin() {
        return signIn(FirstAdmin.LOGIN, adminPassword());
    }

    /** Creates a classic token with the given JSON request and returns the whole response body. */
    public JsonNode createToken(String session, String requestJson) {
        Response response = send("POST", "/api/v1/user/tokens", "token " + session, requestJson);
        if (response.status() != 201) {
            throw new AssertionError("token creation failed: " + response.status() + " " + response.body());
        }
        return response.json();
    }

    public Response get(String path, String authorization) {
        return send("GET", path, authorization, null);
    }

    public Response send(String method, String path, String authorization, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .header("User-Agent", "latchkey-test")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            latchkey.close();
        } finally {
            database.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
