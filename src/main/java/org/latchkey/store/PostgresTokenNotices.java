package org.latchkey.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.function.Consumer;
import org.latchkey.token.TokenHash;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this node which tokens other nodes changed: a daemon thread that {@code LISTEN}s on the
 * {@value #CHANNEL} channel over a connection of its own and passes each notice's hash on.
 *
 * <p>The connection is opened with the driver, not taken from the pool: it is held for the life of
 * the node, which a pool would retire ({@code maxLifetime}) or count as a leak, and it would leave
 * the pool one short. Notices sent while it is not listening are lost, so after every (re)connection
 * the whole cache is reported stale. A connection that dies silently is found by a heartbeat
 * (a repeated {@code LISTEN}, a no-op) after {@link #HEARTBEAT_MILLIS} of quiet, bounded by
 * {@link #NETWORK_TIMEOUT_MILLIS}. {@link #close()} aborts the connection, so it returns at once.
 */
final class PostgresTokenNotices implements AutoCloseable {

    static final String CHANNEL = "latchkey_tokens";
    static final String APPLICATION_NAME = "latchkey-token-notices";
    static final int HEARTBEAT_MILLIS = 10_000;
    static final int NETWORK_TIMEOUT_MILLIS = 10_000;
    static final long FIRST_RETRY_MILLIS = 100;
    static final long LAST_RETRY_MILLIS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(PostgresTokenNotices.class);
    private static final HexFormat HEX = HexFormat.of();

    /** Opens a new connection to the database. */
    @FunctionalInterface
    interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final Consumer<TokenHash> stale;
    private final Runnable allStale;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    private PostgresTokenNotices(Connector connector, Consumer<TokenHash> stale, Runnable allStale) {
        this.connector = connector;
        this.stale = stale;
        this.allStale = allStale;
        this.thread = new Thread(this::run, "latchkey-token-notices");
        thread.setDaemon(true);
    }

    /** Starts listening in the background; {@code allStale} runs each time listening (re)starts. */
    static PostgresTokenNotices start(Connector connector, Consumer<TokenHash> stale, Runnable allStale) {
        PostgresTokenNotices notices = new PostgresTokenNotices(connector, stale, allStale);
        notices.thread.start();
        return notices;
    }

    /** Connects with the driver; {@code user} and {@code password} null are taken from the URL. */
    static Connector connector(String jdbcUrl, String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return () -> DriverManager.getConnection(jdbcUrl, properties);
    }

    static void send(Connection transaction, TokenHash changed) throws SQLException {
        try (PreparedStatement notify = transaction.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, HEX.formatHex(changed.bytes()));
            notify.execute();
        }
    }

    private void run() {
        long retryMillis = FIRST_RETRY_MILLIS;
        boolean listenedBefore = false;
        while (!closed) {
            try (Connection listening = connector.open()) {
                connection = listening;
                if (closed) {
                    return;
                }
                listening.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
                listen(listening);
                allStale.run();
                LOG.info(listenedBefore ? "Listening again for token changes made by other nodes; cleared the token cache"
                        : "Listening for token changes made by other nodes");
                listenedBefore = true;
                retryMillis = FIRST_RETRY_MILLIS;
                receive(listening);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("Not listening for token changes made by other nodes ({}, SQLState {}); retrying in {} ms",
                        e.getClass().getSimpleName(), e instanceof SQLException sql ? sql.getSQLState() : null, retryMillis);
                if (!pause(retryMillis)) {
                    return;
                }
                retryMillis = Math.min(retryMillis * 2, LAST_RETRY_MILLIS);
            } finally {
                connection = null;
            }
        }
    }

    private void receive(Connection listening) throws SQLException {
        PGConnection pg = listening.unwrap(PGConnection.class);
        while (!closed) {
            PGNotification[] notices = pg.getNotifications(HEARTBEAT_MILLIS);
            if (notices == null || notices.length == 0) {
                listen(listening);
                continue;
            }
            for (PGNotification notice : notices) {
                deliver(notice);
            }
        }
    }

    private void deliver(PGNotification notice) {
        TokenHash hash = parse(notice.getParameter());
        if (hash == null) {
            LOG.warn("Ignored a malformed notice on {}; cleared the token cache to be safe", CHANNEL);
            allStale.run();
        } else {
            stale.accept(hash);
        }
    }

    private static TokenHash parse(String payload) {
        try {
            return TokenHash.fromBytes(HEX.parseHex(payload));
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private static void listen(Connection listening) throws SQLException {
        try (Statement statement = listening.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return !closed;
        } catch (InterruptedException e) {
            return !closed;
        }
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    /** Stops listening without waiting for the database: the connection is aborted, not closed politely. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        Connection listening = connection;
        if (listening != null) {
            try {
                listening.abort(Runnable::run);
            } catch (SQLException e) {
                LOG.debug("Aborting the token notice connection failed", e);
            }
        }
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
