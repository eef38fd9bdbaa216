package dev.replenish.core.sql;

/**
 * An engine that runs a {@link TableQuery} in the background: Athena, driven by the Step Functions
 * state machine, which starts a query with one Lambda and polls it with another. Where
 * {@link SqlEngine} blocks until the table is written, this returns at once with an execution id.
 * Both keep the same contract for the result: whatever was under the lake key is replaced by the
 * query's Parquet, and the table is registered under its name for later SELECTs.
 */
public interface AsyncSqlEngine {

    /** Starts writing {@code query}'s result; returns the engine's id for {@link #status}. */
    String startTableAs(TableQuery query);

    /** How the execution started by {@link #startTableAs} stands now. */
    QueryStatus status(String executionId);
}
