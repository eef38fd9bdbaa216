package dev.replenish.lambdas.query;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.sql.AsyncSqlEngine;
import dev.replenish.core.sql.QueryStatus;
import dev.replenish.core.sql.TableQuery;
import dev.replenish.sql.curate.CuratePlan;
import dev.replenish.sql.features.FeatureTable;

/**
 * Turns a stage's query name into the statement to run, from the same plans the local runtime uses
 * ({@link CuratePlan}, {@link FeatureTable}), and starts it on the engine.
 */
public final class QueryService {

    private final AsyncSqlEngine engine;
    private final RawTables rawTables;

    public QueryService(AsyncSqlEngine engine, RawTables rawTables) {
        this.engine = engine;
        this.rawTables = rawTables;
    }

    /** Starts the query; returns the engine's execution id. */
    public String start(StartQuery request) {
        return switch (request.stage()) {
            case FEATURES -> engine.startTableAs(featureQuery(request));
            case CURATE -> startCurate(request);
        };
    }

    public QueryStatus status(String executionId) {
        return engine.status(executionId);
    }

    private static TableQuery featureQuery(StartQuery request) {
        try {
            return FeatureTable.byTableName(request.query()).query(request.runId());
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryRequest("query", e.getMessage());
        }
    }

    private String startCurate(StartQuery request) {
        String[] parts = request.query().split("\\.", -1);
        if (parts.length != 2) {
            throw new InvalidQueryRequest("query", "a curate query is '<table>.<statement>', e.g. 'orders.check'; was '"
                    + request.query() + "'");
        }
        InstacartTable table;
        CuratePlan.Statement statement;
        try {
            table = InstacartTable.byTableName(parts[0]);
            statement = CuratePlan.Statement.byId(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryRequest("query", e.getMessage());
        }
        CuratePlan plan = CuratePlan.of(table, CuratePlan.BrokenRecords.NONE);
        // Only the check statement reads the raw table; it carries the runtime's definition of it.
        return engine.startTableAs(statement == CuratePlan.Statement.CHECK
                ? plan.checkReading(rawTables.select(table))
                : plan.statement(statement));
    }
}
