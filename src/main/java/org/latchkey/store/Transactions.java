package org.latchkey.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Runs work on a pooled connection, in one committed transaction or as a plain read. A transaction
 * that took an invalidation sequence ({@link #sequence}) returns only once {@link #afterCommit}
 * has waited for every node to apply it.
 */
final class Transactions {

    /** What runs just before a transaction that took invalidation sequence {@code sequence} commits. */
    @FunctionalInterface
    interface BeforeCommit {
        BeforeCommit NONE = (connection, sequence) -> { };

        void committing(Connection connection, long sequence) throws SQLException;
    }

    /** What runs after a transaction that took invalidation sequence {@code sequence} committed. */
    @FunctionalInterface
    interface AfterCommit {
        AfterCommit NONE = sequence -> { };

        void committed(long sequence);
    }

    /** The invalidation sequence of the transaction running on a thread, 0 until it takes one. */
    private static final class Current {
        long sequence;
    }

    /** Work that uses a connection and may throw {@link SQLException}. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** How long PostgreSQL lets a transaction that holds the invalidation sequence sit idle. */
    static final String IDLE_HOLDING_SEQUENCE = "5s";

    private final DataSource dataSource;
    private final ThreadLocal<Current> current = new ThreadLocal<>();
    private volatile AfterCommit afterCommit = AfterCommit.NONE;
    private volatile BeforeCommit beforeCommit = BeforeCommit.NONE;

    Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void afterCommit(AfterCommit afterCommit) {
        this.afterCommit = afterCommit;
    }

    void beforeCommit(BeforeCommit beforeCommit) {
        this.beforeCommit = beforeCommit;
    }

    /** Runs the work in one transaction, committed before this returns; rolled back if it throws. */
    <T> T inTransaction(String operation, Work<T> work) {
        Current outer = current.get();
        Current mine = new Current();
        current.set(mine);
        T result;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                result = work.run(connection);
                if (mine.sequence != 0) {
                    beforeCommit.committing(connection, mine.sequence);
                }
                connection.commit();
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(operation, e);
        } finally {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
        if (mine.sequence != 0) {
            afterCommit.committed(mine.sequence);
        }
        return result;
    }

    /**
     * The invalidation sequence of the transaction this thread runs on {@code connection}: taken at
     * the first call by incrementing the one row of {@code invalidation_clock}, whose lock is then
     * held to the commit, so that sequences are in commit order. A transaction left idle while
     * it holds that lock (its node paused or cut off between the sequence and the commit) would stop
     * every change in the cluster: PostgreSQL ends it after {@link #IDLE_HOLDING_SEQUENCE}.
     */
    long sequence(Connection connection) throws SQLException {
        Current transaction = current.get();
        if (transaction == null) {
            throw new IllegalStateException("an invalidation sequence is taken inside a transaction");
        }
        if (transaction.sequence == 0) {
            try (Statement limit = connection.createStatement()) {
                limit.execute("SET LOCAL idle_in_transaction_session_timeout = '" + IDLE_HOLDING_SEQUENCE + "'");
            }
            transaction.sequence = Sql.one(connection, "UPDATE invalidation_clock SET seq = seq + 1 WHERE id = 1 RETURNING seq",
                    row -> row.getLong("seq")).orElseThrow();
        }
        return transaction.sequence;
    }

    /** Runs read-only work in auto-commit mode. */
    <T> T read(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException(operation, e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(new StoreException("rollback", e));
        }
    }
}
