package org.latchkey.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.latchkey.cluster.Lease;
import org.latchkey.token.TokenHash;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's token cache in step with the others and holds its {@link Lease}: a daemon
 * thread that {@code LISTEN}s over a connection of its own on the channel {@value #CHANNEL}{@code
 * _<16 hex digits of the MD5 of the schema>} (channels are shared by the whole database; each
 * schema is a cluster of its own, with its own sequence), applies each notice ({@code "<sequence>
 * t <hash hex>"} for a token, {@code "<sequence> o <org id>"} for an organisation's policy, {@code
 * "<sequence> i <issuer id>"} when the trusted OIDC issuers changed) in the
 * order the transactions committed, and, once a transaction's last notice ({@code "<sequence>
 * e"}, sent just before its commit) arrived, acknowledges its sequence on the same connection and
 * renews the lease in its row of {@code nodes}: at once after applying, and at least every {@link
 * Lease#RENEW_EVERY}. A transaction's notices may arrive in more than one read; acknowledging at
 * its end marker only, never acknowledges a transaction half applied.
 *
 * <p>On every (re)connection: {@code LISTEN}, read the current sequence, then renew; a renewal
 * after a lapse clears the whole cache before the new term starts (notices sent while not listening
 * are lost). Any failure drops the lease at once; a renewal that hangs (the backend stopped, the
 * network silent) lets it lapse locally before it does in the database, and the connection is
 * given up after {@link #NETWORK_TIMEOUT_MILLIS}.
 *
 * <p>The connection is opened with the driver, not taken from the pool: it is held for the life of
 * the node, which a pool would retire ({@code maxLifetime}) or count as a leak, and it would leave
 * the pool one short. Its {@code application_name} is {@value #APPLICATION_NAME} and the node's id.
 * {@link #close()} aborts the connection, so it returns at once.
 */
final class PostgresTokenNotices implements AutoCloseable {

    static final String CHANNEL = "latchkey_tokens";
    /** The channel of the connection's schema, in SQL: at most 32 characters, all of them safe in an identifier. */
    static final String CHANNEL_OF_SCHEMA = "'" + CHANNEL + "_' || substr(md5(current_schema()), 1, 16)";
    static final String APPLICATION_NAME = "latchkey-token-notices";
    static final int NETWORK_TIMEOUT_MILLIS = (int) Lease.LENGTH.toMillis();
    static final long FIRST_RETRY_MILLIS = 100;
    static final long LAST_RETRY_MILLIS = 2_000;
    /** How soon a renewal is tried again when the node's row is not there yet (before its first heartbeat). */
    static final long NO_ROW_RETRY_NANOS = 50_000_000;
    private static final String RENEW = "UPDATE nodes SET lease_until = clock_timestamp() + ? * INTERVAL '1 millisecond',"
            + " applied_sequence = ?, lease_state = 'held' WHERE id = ?"
            + " RETURNING (SELECT seq FROM invalidation_clock WHERE id = 1) AS seq";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresTokenNotices.class);
    private static final HexFormat HEX = HexFormat.of();

    /** Opens a new connection to the database. */
    @FunctionalInterface
    interface Connector {
        Connection open() throws SQLException;
    }

    /** What the notices make stale in this node's memory. */
    record Stale(Consumer<TokenHash> token, LongConsumer org, Runnable issuers, Runnable all) {

        /** Changed trusted issuers clear everything. */
        Stale(Consumer<TokenHash> token, LongConsumer org, Runnable all) {
            this(token, org, all, all);
        }
    }

    private final Connector connector;
    private final String nodeId;
    private final Lease lease;
    private final long leaseMillis;
    private final Stale stale;
    private final LongSupplier nanos;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;
    private long applied;

    private PostgresTokenNotices(Connector connector, String nodeId, Lease lease, Duration leaseLength, Stale stale,
                                 LongSupplier nanos) {
        this.connector = connector;
        this.nodeId = nodeId;
        this.lease = lease;
        this.leaseMillis = leaseLength.toMillis();
        this.stale = stale;
        this.nanos = nanos;
        this.thread = new Thread(this::run, "latchkey-token-notices");
        thread.setDaemon(true);
    }

    /** Starts listening and renewing the lease of node {@code nodeId} in the background. */
    static PostgresTokenNotices start(Connector connector, String nodeId, Lease lease, Stale stale) {
        return start(connector, nodeId, lease, Lease.LENGTH, stale, System::nanoTime);
    }

    /** As {@link #start(Connector, String, Lease, Stale)}, with the lease's length in the database and the monotonic source given. */
    static PostgresTokenNotices start(Connector connector, String nodeId, Lease lease, Duration leaseLength, Stale stale,
                                      LongSupplier nanos) {
        PostgresTokenNotices notices = new PostgresTokenNotices(connector, nodeId, lease, leaseLength, stale, nanos);
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

    static void send(Connection transaction, long sequence, TokenHash changed) throws SQLException {
        notify(transaction, sequence + " t " + HEX.formatHex(changed.bytes()));
    }

    static void sendOrg(Connection transaction, long sequence, long orgId) throws SQLException {
        notify(transaction, sequence + " o " + orgId);
    }

    static void sendIssuers(Connection transaction, long sequence, long issuerId) throws SQLException {
        notify(transaction, sequence + " i " + issuerId);
    }

    /** The transaction's last notice, sent just before it commits: every notice of {@code sequence} came before. */
    static void sendEnd(Connection transaction, long sequence) throws SQLException {
        notify(transaction, sequence + " e");
    }

    private static void notify(Connection transaction, String payload) throws SQLException {
        try (PreparedStatement notify = transaction.prepareStatement("SELECT pg_notify(" + CHANNEL_OF_SCHEMA + ", ?)")) {
            notify.setString(1, payload);
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
                prepare(listening);
                applied = currentSequence(listening);
                renew(listening);
                LOG.info(listenedBefore ? "Listening again for token changes made by other nodes; cleared the token cache"
                        : "Listening for token changes made by other nodes");
                listenedBefore = true;
                retryMillis = FIRST_RETRY_MILLIS;
                receive(listening);
            } catch (SQLException | RuntimeException e) {
                lease.drop();
                if (closed) {
                    return;
                }
                LOG.warn("Not listening for token changes made by other nodes ({}, SQLState {}); the token cache is not"
                        + " trusted; retrying in {} ms", e.getClass().getSimpleName(),
                        e instanceof SQLException sql ? sql.getSQLState() : null, retryMillis);
                if (!pause(retryMillis)) {
                    return;
                }
                retryMillis = Math.min(retryMillis * 2, LAST_RETRY_MILLIS);
            } finally {
                lease.drop();
                connection = null;
            }
        }
    }

    private void receive(Connection listening) throws SQLException {
        PGConnection pg = listening.unwrap(PGConnection.class);
        long renewEvery = Lease.RENEW_EVERY.toNanos();
        long nextRenewal = nanos.getAsLong() + (lease.term() == 0 ? NO_ROW_RETRY_NANOS : renewEvery);
        while (!closed) {
            long waitMillis = Math.max(1, (nextRenewal - nanos.getAsLong()) / 1_000_000);
            boolean heard = deliver(pg.getNotifications((int) Math.min(waitMillis, Integer.MAX_VALUE)));
            while (heard && deliver(pg.getNotifications())) {
                // drain what already arrived, then acknowledge it all at once
            }
            if (heard || nanos.getAsLong() - nextRenewal >= 0) {
                nextRenewal = renew(listening) + (lease.term() == 0 ? NO_ROW_RETRY_NANOS : renewEvery);
                deliver(pg.getNotifications());
                if (applied > lease.appliedSequence()) {
                    nextRenewal = nanos.getAsLong();
                }
            }
        }
    }

    /** Acknowledges the sequence applied and renews the lease; answers when the renewal was sent. */
    private long renew(Connection listening) throws SQLException {
        long sent = nanos.getAsLong();
        long acknowledged = applied;
        try (PreparedStatement renew = listening.prepareStatement(RENEW)) {
            renew.setLong(1, leaseMillis);
            renew.setLong(2, acknowledged);
            renew.setString(3, nodeId);
            try (ResultSet row = renew.executeQuery()) {
                if (!row.next()) {
                    lease.drop();
                    return sent;
                }
                lease.renewed(sent, stale.all());
                lease.applied(acknowledged, Math.max(0, row.getLong("seq") - acknowledged));
            }
        } catch (SQLException | RuntimeException e) {
            lease.drop();
            throw e;
        }
        return sent;
    }

    private boolean deliver(PGNotification[] notices) {
        if (notices == null || notices.length == 0) {
            return false;
        }
        for (PGNotification notice : notices) {
            deliver(notice.getParameter());
        }
        return true;
    }

    private void deliver(String payload) {
        if (payload.indexOf(' ') < 0) {
            deliverLegacy(payload);
            return;
        }
        String[] parts = payload.split(" ", 3);
        long sequence;
        try {
            sequence = Long.parseLong(parts[0]);
        } catch (NumberFormatException malformed) {
            sequence = -1;
        }
        try {
            if (sequence < 0) {
                throw new IllegalArgumentException("not a sequence");
            }
            if (parts.length == 2 && parts[1].equals("e")) {
                applied = Math.max(applied, sequence);
                return;
            }
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a sequence, a kind and a value");
            }
            switch (parts[1]) {
                case "t" -> stale.token().accept(TokenHash.fromBytes(HEX.parseHex(parts[2])));
                case "o" -> stale.org().accept(Long.parseLong(parts[2]));
                case "i" -> stale.issuers().run();
                default -> throw new IllegalArgumentException("unknown kind");
            }
        } catch (IllegalArgumentException malformed) {
            LOG.warn("Ignored a malformed notice on {}; cleared the token cache to be safe", CHANNEL);
            stale.all().run();
        }
    }

    /**
     * A bare hash on {@value #CHANNEL}, as nodes of a version before the lease send during a rolling
     * upgrade (without a sequence, so nothing waits for it): dropped from the cache all the same.
     */
    private void deliverLegacy(String payload) {
        try {
            stale.token().accept(TokenHash.fromBytes(HEX.parseHex(payload)));
        } catch (IllegalArgumentException malformed) {
            LOG.warn("Ignored a malformed notice on {}; cleared the token cache to be safe", CHANNEL);
            stale.all().run();
        }
    }

    private void prepare(Connection listening) throws SQLException {
        try (PreparedStatement name = listening.prepareStatement("SELECT set_config('application_name', ?, false)")) {
            name.setString(1, APPLICATION_NAME + " " + nodeId);
            name.execute();
        }
        try (Statement statement = listening.createStatement()) {
            statement.execute("SET lock_timeout = " + leaseMillis / 2);
            try (ResultSet channel = statement.executeQuery("SELECT " + CHANNEL_OF_SCHEMA)) {
                channel.next();
                statement.execute("LISTEN " + channel.getString(1));
                statement.execute("LISTEN " + CHANNEL);
            }
        }
    }

    private static long currentSequence(Connection listening) throws SQLException {
        return Sql.one(listening, "SELECT seq FROM invalidation_clock WHERE id = 1", row -> row.getLong("seq")).orElseThrow();
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
        lease.drop();
    }
}
