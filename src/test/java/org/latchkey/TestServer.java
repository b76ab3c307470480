package org.latchkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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

    private final Latchkey latchkey;
    private final Path dataDir;
    private final MutableClock clock;
    private final TestDatabases.PostgresUrl postgres;
    private final ApiClient client;
    private boolean stopped;

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

    private TestServer(Latchkey latchkey, Path dataDir, MutableClock clock, TestDatabases.PostgresUrl postgres) {
        this.latchkey = latchkey;
        this.dataDir = dataDir;
        this.clock = clock;
        this.postgres = postgres;
        this.client = new ApiClient("http://127.0.0.1:" + latchkey.port());
    }

    public static TestServer start(TestDatabases.Engine engine) {
        return start(engine, settings -> settings);
    }

    public static TestServer start(TestDatabases.Engine engine, UnaryOperator<Settings> customise) {
        try {
            Path dataDir = Files.createTempDirectory("latchkey-test-");
            MutableClock clock = MutableClock.startingNow();
            Settings settings = Settings.defaults(dataDir).withNetwork("127.0.0.1", 0).withClock(clock);
            TestDatabases.PostgresUrl pg = null;
            if (engine == TestDatabases.Engine.POSTGRESQL) {
                pg = TestDatabases.freshPostgresUrl();
                settings = settings.withDatabase(pg.url(), pg.user(), pg.password());
            }
            return new TestServer(Latchkey.start(customise.apply(settings)), dataDir, clock, pg);
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
        return client.baseUrl();
    }

    /** An HTTP client for this server. */
    public ApiClient client() {
        return client;
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
        return client.signIn(login, password);
    }

    public String signInAdmin() {
        return signIn(FirstAdmin.LOGIN, adminPassword());
    }

    /** Creates a classic token with the given JSON request and returns the whole response body. */
    public JsonNode createToken(String session, String requestJson) {
        return client.createToken(session, requestJson);
    }

    public Response get(String path, String authorization) {
        return client.get(path, authorization);
    }

    public Response send(String method, String path, String authorization, String body) {
        return client.send(method, path, authorization, body);
    }

    /** Stops the server (as a clean shutdown does) but keeps its data directory and database until {@link #close()}. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            latchkey.close();
        }
    }

    /**
     * A plain JDBC connection to the server's database, to look at what it stored. The embedded H2
     * database can only be opened once the server is {@link #stop() stopped}.
     */
    public Connection connectToDatabase() throws SQLException {
        if (postgres != null) {
            return postgres.user() == null ? DriverManager.getConnection(postgres.url())
                    : DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
        }
        if (!stopped) {
            throw new IllegalStateException("stop the server before opening its embedded database");
        }
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("latchkey")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE", "sa", "");
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            if (postgres != null) {
                postgres.close();
            }
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
