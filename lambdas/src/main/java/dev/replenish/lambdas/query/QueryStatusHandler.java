package dev.replenish.lambdas.query;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.replenish.core.sql.QueryStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * State machine task: how a query started by {@link StartQueryHandler} stands. A failed query is an
 * answer ({@code "state": "FAILED"} with Athena's reason), not an error, so the state machine can
 * fail the run with that reason. A curate check that succeeded but rejected more than
 * {@code ingest.maxRejectFraction} of its table's rows is answered FAILED too (see
 * {@link QueryService#status(String, StartQuery)}). Event shapes: {@link QueryEvents}.
 */
public final class QueryStatusHandler implements RequestStreamHandler {

    private final QueryService service;

    public QueryStatusHandler() {
        this(StartQueryHandler.athenaService());
    }

    QueryStatusHandler(QueryService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        QueryEvents.StatusRequest request = QueryEvents.readStatusRequest(input);
        QueryStatus status = request.query()
                .map(query -> service.status(request.executionId(), query))
                .orElseGet(() -> service.status(request.executionId()));
        if (context != null && status.state() == QueryStatus.State.FAILED) {
            context.getLogger().log("query " + request.executionId() + " failed: " + status.reason() + "\n");
        }
        QueryEvents.write(output, QueryEvents.Status.of(status));
    }
}
