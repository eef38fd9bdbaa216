package dev.replenish.core.sql;

/**
 * Runs the project's portable SQL (one SELECT per file, see {@code sql/}) on an engine that keeps
 * tables as Parquet under lake prefixes: Athena in AWS, DuckDB on one machine. The engine adapter
 * is the only code that knows how a SELECT becomes a table (Athena CTAS with external_location,
 * DuckDB COPY ... TO ... (FORMAT PARQUET)).
 */
public interface SqlEngine {

    /** Makes the Parquet files under {@code lakeKey} queryable by later SELECTs as {@code tableName}. */
    void registerTable(String tableName, String lakeKey);

    /**
     * Runs {@code select}, replaces whatever was under {@code lakeKey} with its result as Parquet,
     * registers it as {@code tableName}, and returns the number of rows written.
     */
    long createTableAs(String tableName, String select, String lakeKey);

    /** {@link #createTableAs(String, String, String)} for a query planned in the {@code sql} module. */
    default long createTableAs(TableQuery query) {
        return createTableAs(query.tableName(), query.select(), query.lakeKey());
    }
}
