package dev.replenish.core.sql;

/**
 * A SELECT whose result becomes a table: the statement both runtimes run, whatever wraps it
 * (Athena CTAS, DuckDB COPY).
 *
 * @param tableName the table's name in the catalog, by which later SELECTs read it
 * @param select    one SELECT in the portable subset (see {@code sql/README})
 * @param lakeKey   the lake prefix its Parquet files go under, e.g. {@code features/run-1/user_features/}
 */
public record TableQuery(String tableName, String select, String lakeKey) {

    public TableQuery {
        if (tableName == null || !tableName.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("table name '" + tableName + "' must be lower-case letters, digits and '_'");
        }
        if (select == null || select.isBlank()) {
            throw new IllegalArgumentException("table " + tableName + ": the SELECT is empty");
        }
        if (lakeKey == null || lakeKey.startsWith("/") || !lakeKey.endsWith("/") || lakeKey.contains("..")) {
            throw new IllegalArgumentException("table " + tableName + ": lake key '" + lakeKey
                    + "' must be relative to the lake root and end with '/'");
        }
    }
}
