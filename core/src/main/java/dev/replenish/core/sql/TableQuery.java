package dev.replenish.core.sql;

/**
 * A SELECT whose result becomes a table: the statement both runtimes run, whatever wraps it
 * (Athena CTAS, DuckDB COPY).
 *
 * @param tableName the table's name in the catalog, by which later SELECTs read it
 * @param select    one SELECT in the portable subset (see {@code sql/README})
 * @param lakeKey   the lake prefix its files go under, e.g. {@code features/run-1/user_features/}
 * @param format    how the files are written
 */
public record TableQuery(String tableName, String select, String lakeKey, Format format) {

    /**
     * Parquet for every table the pipeline reads back with SQL or Spark; headerless CSV for the few
     * small tables a Lambda reads itself, which carries no Parquet reader.
     */
    public enum Format {
        PARQUET,
        /** Comma-separated, no header, no quoting (the columns are numbers); null as {@code \N}; gzip allowed. */
        CSV
    }

    /** A Parquet table, as almost every table is. */
    public TableQuery(String tableName, String select, String lakeKey) {
        this(tableName, select, lakeKey, Format.PARQUET);
    }

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
        if (format == null) {
            throw new IllegalArgumentException("table " + tableName + ": no format");
        }
    }
}
