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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.latchkey.account.FirstAdmin;
import org.latchkey.crypto.ServerKey;
import org.latchkey.store.TestDatabases;

/**
 * A real Latchkey server for integration tests: on a free loopback port, with a fresh database
 * of the chosen engine, a fresh data directory and a clock the test moves. Speaks HTTP to it.
 * On PostgreSQL, {@link #startPeer} starts another node on the same database.
 */
public final class TestServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Latchkey latchkey;
    private final Path dataDir;
    private final MutableClock clock;
    private final TestDatabases.PostgresUrl postgres;
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

    private TestServer(Latchkey latchkey, Path dataDir, MutableClock clock, TestDatabases.PostgresUrl postgres,
            AutoCloseable database) {
        this.latchkey = latchkey;
        this.dataDir = dataDir;
        this.clock = clock;
        this.postgres = postgres;
        this.database = database;
    }

    public static TestServer start(TestDatabases.Engine engine) {
        return start(engine, settings -> settings);
    }

    public static TestServer start(TestDatabases.Engine engine, UnaryOperator<Settings> customise) {
        TestDatabases.PostgresUrl pg = engine == TestDatabases.Engine.POSTGRESQL ? TestDatabases.freshPostgresUrl() : null;
        try {
            return start(newDataDir(), MutableClock.startingNow(), pg, pg == null ? () -> { } : pg, customise);
        } catch (RuntimeException | Error e) {
            if (pg != null) {
                pg.close();
            }
            throw e;
        }
    }

    /**
     * Another node on this server's PostgreSQL database, with the same clock and server key but a
     * data directory of its own; close it before this server, which owns the database.
     */
    public TestServer startPeer(UnaryOperator<Settings> customise) {
        if (postgres == null) {
            throw new IllegalStateException("only servers on PostgreSQL can have peers; H2 locks its file");
        }
        Path peerDir = newDataDir();
        try {
            Files.copy(dataDir.resolve(ServerKey.FILE_NAME), peerDir.resolve(ServerKey.FILE_NAME),
                    StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(peerDir, clock, postgres, () -> { }, customise);
    }

    public TestServer startPeer() {
        return startPeer(settings -> settings);
    }

    private static TestServer start(Path dataDir, MutableClock clock, TestDatabases.PostgresUrl pg,
            AutoCloseable database, UnaryOperator<Settings> customise) {
        Settings settings = Settings.defaults(dataDir).withNetwork("127.0.0.1", 0).withClock(clock);
        if (pg != null) {
            settings = settings.withDatabase(pg.url(), pg.user(), pg.password());
        }
        return new TestServer(Latchkey.start(customise.apply(settings)), dataDir, clock, pg, database);
    }

    private static Path newDataDir() {
        try {
            return Files.createTempDirectory("latchkey-test-");
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

    /** The PostgreSQL database this server uses, or null on H2. */
    public TestDatabases.PostgresUrl postgres() {
        return postgres;
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
