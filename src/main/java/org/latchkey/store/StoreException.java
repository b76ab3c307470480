package org.latchkey.store;

import java.sql.SQLException;

/**
 * A database operation failed. The message names the operation and the driver's SQLState, never
 * the SQL's bound values (a token hash or a password hash may be among them); for the same reason
 * the driver's exception, whose text can quote them, is not kept as the cause.
 */
public final class StoreException extends RuntimeException {

    private final String operation;
    private final String sqlState;

    StoreException(String operation, SQLException failure) {
        super(operation + " failed: " + failure.getClass().getSimpleName()
                + " (SQLState " + failure.getSQLState() + ", vendor code " + failure.getErrorCode() + ")");
        this.operation = operation;
        this.sqlState = failure.getSQLState();
    }

    /** The store operation that failed, such as {@code tokens.insert}. */
    public String operation() {
        return operation;
    }

    /** Whether {@code failure} itself (not its causes) is the database's: a store operation's or the driver's. */
    public static boolean isDatabaseFault(Throwable failure) {
        return failure instanceof StoreException || failure instanceof SQLException;
    }

    boolean isUniqueViolation() {
        return "23505".equals(sqlState);
    }

    /** The SQLState the driver reported, or null. */
    public String sqlState() {
        return sqlState;
    }
}
