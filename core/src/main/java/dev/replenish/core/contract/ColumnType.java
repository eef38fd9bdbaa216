package dev.replenish.core.contract;

/** Column types of the curated tables, named as both Athena (Trino) and DuckDB spell them. */
public enum ColumnType {
    BIGINT,
    INTEGER,
    DOUBLE,
    VARCHAR
}
