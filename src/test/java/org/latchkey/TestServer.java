package org.latchkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
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

    private final Latchkey latchkey;
    private final Path dataDir;
    private final MutableClock clock;
    private final TestDatabases.PostgresUrl postgres;
    private final AutoCloseable database;
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

    private TestServer(Latchkey latchkey, Path dataDir, MutableClock clock, TestDatabases.PostgresUrl postgres,
            AutoCloseable database) {
        this.latchkey = latchkey;
        this.dataDir = dataDir;
        this.clock = clock;
        this.postgres = postgres;
        this.database = database;
        this.client = new ApiClient("http://127.0.0.1:" + latchkey.port());
    }

    /** The CI issuers tests name in trust policies, trusted as {@code serve --oidc-issuer} would. */
    public static final List<String> CI_ISSUERS = List.of("https://token.actions.githubusercontent.com",
            "https://gitlab.com", "https://gitlab.example.com", "https://agent.buildkite.com", "https://ci.example.com");

    /** Settings trusting {@link #CI_ISSUERS}, so that trust policies may name them. */
    public static Settings trustingCi(Settings settings) {
        return settings.withOidc(CI_ISSUERS, false, null);
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
        // Test webhook receivers listen on loopback, which production refuses unless told.
        Settings settings = Settings.defaults(dataDir).withNetwork("127.0.0.1", 0).withClock(clock)
                .withWebhookAllowLocalNetwork(true);
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
            database.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
