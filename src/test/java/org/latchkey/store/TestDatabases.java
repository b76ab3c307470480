package org.latchkey.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Fresh, migrated databases for tests, on every engine. PostgreSQL is the server named by
 * {@code LATCHKEY_TEST_PG_URL} if set, otherwise one embedded PostgreSQL per JVM; each fresh
 * database is a schema of its own ({@code lk_test_<random>}), so concurrent runs never collide.
 */
public final class TestDatabases {

    /** The engines Latchkey supports. */
    public enum Engine { H2, POSTGRESQL }

    /**
     * A fresh, empty PostgreSQL schema: connect with {@link #url()} (it sets {@code currentSchema}),
     * {@link #user()} and {@link #password()} (null: taken from the URL). {@link #close()} drops it;
     * any left at JVM exit are dropped then.
     */
    public record PostgresUrl(String url, String user, String password, String schema) implements AutoCloseable {

        /** Opens (and migrates) a {@link Database} on this schema. */
        public Database open() {
            return Database.postgres(url, user, password);
        }

        @Override
        public void close() {
            dropSchema(schema);
        }
    }

    /** A database opened by {@link #fresh(Engine)}; closing it also removes its files or schema. */
    public record Fresh(Engine engine, Database database, AutoCloseable cleanup) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                database.close();
            } finally {
                cleanup.close();
            }
        }
    }

    private static final String PG_URL_VARIABLE = "LATCHKEY_TEST_PG_URL";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> LIVE_SCHEMAS = ConcurrentHashMap.newKeySet();
    private static volatile String adminUrl;

    private TestDatabases() {
    }

    /** A fresh, migrated database on the given engine. */
    public static Fresh fresh(Engine engine) {
        return switch (engine) {
            case H2 -> freshH2();
            case POSTGRESQL -> {
                PostgresUrl pg = freshPostgresUrl();
                try {
                    yield new Fresh(engine, pg.open(), pg);
                } catch (RuntimeException e) {
                    pg.close();
                    throw e;
                }
            }
        };
    }

    /** A fresh embedded H2 database in a new temporary directory, deleted on close. */
    public static Fresh freshH2() {
        try {
            Path dir = Files.createTempDirectory("latchkey-h2-");
            return new Fresh(Engine.H2, Database.embedded(dir), () -> deleteTree(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh PostgreSQL schema, not yet migrated: {@link PostgresUrl#open()} migrates it. */
    public static PostgresUrl freshPostgresUrl() {
        String admin = adminUrl();
        String schema = "lk_test_" + HexFormat.of().formatHex(bytes(8));
        execute(admin, "CREATE SCHEMA " + schema);
        LIVE_SCHEMAS.add(schema);
        String separator = admin.contains("?") ? "&" : "?";
        return new PostgresUrl(admin + separator + "currentSchema=" + schema, null, null, schema);
    }

    /** The URL with {@code ApplicationName} set, so that {@link #terminate} can find its connections. */
    public static String withApplicationName(String url, String applicationName) {
        return url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + applicationName;
    }

    /** A name no other connection to the test server has. */
    public static String uniqueApplicationName(String prefix) {
        return prefix + "-" + HexFormat.of().formatHex(bytes(6));
    }

    /**
     * Ends, as an administrator would, the PostgreSQL backends of connections with this application
     * name whose last statement started with {@code queryPrefix}; returns how many.
     */
    public static int terminate(String applicationName, String queryPrefix) {
        try (Connection connection = DriverManager.getConnection(adminUrl());
             PreparedStatement statement = connection.prepareStatement("SELECT count(pg_terminate_backend(pid))"
                     + " FROM pg_stat_activity WHERE application_name = ? AND query LIKE ?")) {
            statement.setString(1, applicationName);
            statement.setString(2, queryPrefix + "%");
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot terminate backends", e);
        }
    }

    /** The pid of the PostgreSQL backend of node {@code nodeId}'s listener, or 0 when it has none now. */
    public static int listenerBackend(String nodeId) {
        try (Connection connection = DriverManager.getConnection(adminUrl());
             PreparedStatement statement = connection.prepareStatement("SELECT pid FROM pg_stat_activity"
                     + " WHERE application_name = ? ORDER BY backend_start DESC LIMIT 1")) {
            statement.setString(1, PostgresTokenNotices.APPLICATION_NAME + " " + nodeId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list backends", e);
        }
    }

    /** Ends node {@code nodeId}'s listener connection, as an administrator would; whether there was one. */
    public static boolean terminateListener(String nodeId) {
        int pid = listenerBackend(nodeId);
        if (pid == 0) {
            return false;
        }
        try (Connection connection = DriverManager.getConnection(adminUrl());
             PreparedStatement statement = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
            statement.setInt(1, pid);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot terminate a backend", e);
        }
    }

    /** Sends a signal ({@code STOP}, {@code CONT}) to a process on this machine, a PostgreSQL backend or a node. */
    public static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static synchronized String adminUrl() {
        if (adminUrl == null) {
            String configured = System.getenv(PG_URL_VARIABLE);
            if (configured != null && !configured.isBlank()) {
                adminUrl = configured;
            } else {
                adminUrl = startEmbedded();
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropLeftovers, "lk-test-schemas"));
        }
        return adminUrl;
    }

    private static String startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.start();
            return postgres.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    private static void dropSchema(String schema) {
        if (LIVE_SCHEMAS.remove(schema)) {
            execute(adminUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void dropLeftovers() {
        for (String schema : Set.copyOf(LIVE_SCHEMAS)) {
            try {
                dropSchema(schema);
            } catch (RuntimeException e) {
                return;
            }
        }
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed: " + sql, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
