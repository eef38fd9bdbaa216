package dev.replenish.lambdas.query;

import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.ResultSet;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionResponse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An AthenaClient that records every request and answers from a script: each started query gets
 * the next scripted list of states, reported one per GetQueryExecution (the last one repeats).
 * Queries without a script succeed at the first check.
 */
final class FakeAthena implements AthenaClient {

    final List<StartQueryExecutionRequest> started = new ArrayList<>();
    final List<GetQueryExecutionRequest> polled = new ArrayList<>();
    private final List<String> log;
    private final Deque<List<QueryExecutionStatus>> scripts = new ArrayDeque<>();
    private final Map<String, Deque<QueryExecutionStatus>> states = new HashMap<>();

    FakeAthena(List<String> log) {
        this.log = log;
    }

    /** The states the next started query reports, in turn. */
    FakeAthena thenQueryReports(QueryExecutionStatus... statuses) {
        scripts.add(Arrays.asList(statuses));
        return this;
    }

    static QueryExecutionStatus state(QueryExecutionState state) {
        return QueryExecutionStatus.builder().state(state).build();
    }

    static QueryExecutionStatus failed(String stateChangeReason) {
        return QueryExecutionStatus.builder().state(QueryExecutionState.FAILED).stateChangeReason(stateChangeReason).build();
    }

    static QueryExecutionStatus failedWithAthenaError(String message) {
        return QueryExecutionStatus.builder().state(QueryExecutionState.FAILED)
                .athenaError(AthenaError.builder().errorMessage(message).build()).build();
    }

    @Override
    public StartQueryExecutionResponse startQueryExecution(StartQueryExecutionRequest request) {
        started.add(request);
        String id = "exec-" + started.size();
        List<QueryExecutionStatus> script = scripts.isEmpty() ? List.of(state(QueryExecutionState.SUCCEEDED)) : scripts.poll();
        states.put(id, new ArrayDeque<>(script));
        log.add("athena start " + request.queryString().lines().findFirst().orElse(""));
        return StartQueryExecutionResponse.builder().queryExecutionId(id).build();
    }

    @Override
    public GetQueryExecutionResponse getQueryExecution(GetQueryExecutionRequest request) {
        polled.add(request);
        log.add("athena status " + request.queryExecutionId());
        Deque<QueryExecutionStatus> script = states.get(request.queryExecutionId());
        if (script == null) {
            throw new AssertionError("status of an execution never started: " + request.queryExecutionId());
        }
        QueryExecutionStatus status = script.size() > 1 ? script.poll() : script.peek();
        return GetQueryExecutionResponse.builder()
                .queryExecution(QueryExecution.builder().queryExecutionId(request.queryExecutionId()).status(status).build())
                .build();
    }

    final List<GetQueryResultsRequest> resultsRead = new ArrayList<>();
    private final Deque<List<List<String>>> results = new ArrayDeque<>();

    /** The rows (header first, as Athena sends them) the next GetQueryResults answers; null cells are NULLs. */
    FakeAthena thenResultsAre(List<List<String>> rows) {
        results.add(rows);
        return this;
    }

    @Override
    public GetQueryResultsResponse getQueryResults(GetQueryResultsRequest request) {
        resultsRead.add(request);
        log.add("athena results " + request.queryExecutionId());
        List<List<String>> rows = results.poll();
        if (rows == null) {
            throw new AssertionError("results of " + request.queryExecutionId() + " were not scripted");
        }
        return GetQueryResultsResponse.builder().resultSet(ResultSet.builder().rows(rows.stream()
                .map(cells -> Row.builder().data(cells.stream().map(c -> Datum.builder().varCharValue(c).build()).toList()).build())
                .toList()).build()).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
