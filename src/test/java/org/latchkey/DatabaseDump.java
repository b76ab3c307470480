package org.latchkey;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Every value of every column of every table in a connection's current schema, as text: one line
 * per value, {@code table.column: value}. Binary values appear twice, as hex and decoded as UTF-8.
 */
public final class DatabaseDump {

    private static final Set<Integer> BINARY = Set.of(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB);

    private DatabaseDump() {
    }

    public static String dump(Connection connection) throws SQLException {
        StringBuilder text = new StringBuilder();
        for (String table : tables(connection)) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData columns = rows.getMetaData();
                while (rows.next()) {
                    for (int i = 1; i <= columns.getColumnCount(); i++) {
                        text.append(table).append('.').append(columns.getColumnName(i)).append(": ")
                                .append(value(rows, i, columns.getColumnType(i))).append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    /** The tables of the current schema. */
    public static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet found = meta.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
            while (found.next()) {
                tables.add(found.getString("TABLE_NAME"));
            }
        }
        return tables;
    }

    private static String value(ResultSet rows, int column, int type) throws SQLException {
        if (!BINARY.contains(type)) {
            return rows.getString(column);
        }
        byte[] bytes = rows.getBytes(column);
        return bytes == null ? null : HexFormat.of().formatHex(bytes) + " " + new String(bytes, StandardCharsets.UTF_8);
    }
}
