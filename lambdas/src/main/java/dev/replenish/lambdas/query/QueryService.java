package dev.replenish.lambdas.query;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.sql.AsyncSqlEngine;
import dev.replenish.core.sql.QueryStatus;
import dev.replenish.core.sql.TableQuery;
import dev.replenish.sql.curate.CuratePlan;
import dev.replenish.sql.curate.RejectShare;
import dev.replenish.sql.evaluation.BaselineQuery;
import dev.replenish.sql.features.FeatureTable;

import java.util.List;

/**
 * Turns a stage's query name into the statement to run, from the same plans the local runtime uses
 * ({@link CuratePlan}, {@link FeatureTable}, {@link BaselineQuery}), and starts it on the engine.
 */
public final class QueryService {

    private final AsyncSqlEngine engine;
    private final RawTables rawTables;
    private final RejectCounts rejectCounts;
    private final ValidationCandidates validationCandidates;
    private final double maxRejectFraction;

    /**
     * @param maxRejectFraction {@code ingest.maxRejectFraction}: a table whose check rejects a larger
     *                          share of its rows stops the run, as in the local curate step
     */
    public QueryService(AsyncSqlEngine engine, RawTables rawTables, RejectCounts rejectCounts,
                        ValidationCandidates validationCandidates, double maxRejectFraction) {
        this.engine = engine;
        this.rawTables = rawTables;
        this.rejectCounts = rejectCounts;
        this.validationCandidates = validationCandidates;
        this.maxRejectFraction = maxRejectFraction;
    }

    /** Starts the query; returns the engine's execution id. */
    public String start(StartQuery request) {
        return switch (request.stage()) {
            case FEATURES -> engine.startTableAs(featureQuery(request));
            case CURATE -> startCurate(request);
            case EVALUATION -> startEvaluation(request);
        };
    }

    public QueryStatus status(String executionId) {
        return engine.status(executionId);
    }

    /**
     * The query's state; for a curate check that has succeeded, also the table's reject share. The
     * limit is enforced right after the check, before the accept writes curated/: a table over it
     * never reaches the curated zone, and the answer is FAILED naming the file and the commonest
     * rule, so the state machine fails the run with that reason like any failed query. When the
     * commonest rule is an orphan rule, the reason also says how many rows the referenced table's
     * check rejected and why.
     */
    public QueryStatus status(String executionId, StartQuery query) {
        QueryStatus status = engine.status(executionId);
        if (status.state() != QueryStatus.State.SUCCEEDED || query.stage() != QueryStage.CURATE) {
            return status;
        }
        CurateStatement statement = curateStatement(query.query());
        if (statement.statement() != CuratePlan.Statement.CHECK) {
            return status;
        }
        RejectShare share = rejectCounts.count(statement.table());
        if (share.breach(maxRejectFraction).isEmpty()) {
            return status;
        }
        // Orphans over the limit: count the tables they refer to (checked earlier in this run), so the
        // reason names the rejects upstream that caused them.
        List<RejectShare> upstream = share.referencedByCommonestRule().stream().map(rejectCounts::count).toList();
        return QueryStatus.failed(share.breach(maxRejectFraction, upstream).orElseThrow());
    }

    private record CurateStatement(InstacartTable table, CuratePlan.Statement statement) {
    }

    private static CurateStatement curateStatement(String query) {
        String[] parts = query.split("\\.", -1);
        if (parts.length != 2) {
            throw new InvalidQueryRequest("query", "a curate query is '<table>.<statement>', e.g. 'orders.check'; was '"
                    + query + "'");
        }
        try {
            return new CurateStatement(InstacartTable.byTableName(parts[0]), CuratePlan.Statement.byId(parts[1]));
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryRequest("query", e.getMessage());
        }
    }

    private static TableQuery featureQuery(StartQuery request) {
        try {
            return FeatureTable.byTableName(request.query()).query(request.runId());
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryRequest("query", e.getMessage());
        }
    }

    private String startEvaluation(StartQuery request) {
        BaselineQuery query;
        try {
            query = BaselineQuery.byTableName(request.query());
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryRequest("query", e.getMessage());
        }
        if (query == BaselineQuery.USER_PRODUCT_HISTORY) {
            // The history is kept for validation users only: the relation naming them must be this run's.
            validationCandidates.define(request.runId());
        }
        return engine.startTableAs(query.query(request.runId()));
    }

    private String startCurate(StartQuery request) {
        CurateStatement named = curateStatement(request.query());
        InstacartTable table = named.table();
        CuratePlan.Statement statement = named.statement();
        CuratePlan plan = CuratePlan.of(table, CuratePlan.BrokenRecords.NONE);
        // Only the check statement reads the raw table; it carries the runtime's definition of it.
        return engine.startTableAs(statement == CuratePlan.Statement.CHECK
                ? plan.checkReading(rawTables.select(table))
                : plan.statement(statement));
    }
}
