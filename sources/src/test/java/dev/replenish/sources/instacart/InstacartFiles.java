package dev.replenish.sources.instacart;

import dev.replenish.core.contract.InstacartTable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: a directory of the six Instacart files, queried with DuckDB's own CSV sniffer
 * (read_csv_auto), so what the tests see is what an independent CSV reader makes of the files.
 * In a query, {orders}, {order_products_prior}, ... stand for the files (the contract's table names).
 */
public final class InstacartFiles implements AutoCloseable {

    private final Path directory;
    private final Connection duckdb;

    private InstacartFiles(Path directory) throws SQLException {
        this.directory = directory;
        this.duckdb = DriverManager.getConnection("jdbc:duckdb:");
    }

    public static InstacartFiles at(Path directory) throws SQLException {
        return new InstacartFiles(directory);
    }

    /** Every row of the query, each column as its text (null for SQL NULL). */
    public List<List<String>> rows(String query) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement sql = duckdb.createStatement(); ResultSet result = sql.executeQuery(expand(query))) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The single number a query returns. */
    public double number(String query) throws SQLException {
        try (Statement sql = duckdb.createStatement(); ResultSet result = sql.executeQuery(expand(query))) {
            result.next();
            return result.getDouble(1);
        }
    }

    private String expand(String query) {
        String expanded = query;
        for (InstacartTable table : InstacartTable.values()) {
            String path = directory.resolve(table.fileName()).toAbsolutePath().toString().replace("'", "''");
            expanded = expanded.replace("{" + table.tableName() + "}", "read_csv_auto('" + path + "', header = true)");
        }
        return expanded;
    }

    @Override
    public void close() throws SQLException {
        duckdb.close();
    }
}
