package dev.replenish.lambdas.query;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * State machine task: starts one named curate or feature query for a run and returns its execution
 * id at once; {@link QueryStatusHandler} is polled until it ends. Event shapes: {@link QueryEvents}.
 * Environment: {@link AthenaSettings}.
 */
public final class StartQueryHandler implements RequestStreamHandler {

    private final QueryService service;

    /** The Lambda runtime's constructor: Athena and S3 clients from the environment, built once per container. */
    public StartQueryHandler() {
        this(athenaService());
    }

    StartQueryHandler(QueryService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StartQuery request = QueryEvents.readStartQuery(input);
        String executionId = service.start(request);
        if (context != null) {
            context.getLogger().log("run " + request.runId() + ": started " + request.stage().id() + " query "
                    + request.query() + " as " + executionId + "\n");
        }
        QueryEvents.write(output, new QueryEvents.Started(executionId));
    }

    static QueryService athenaService() {
        AthenaSqlEngine engine = AthenaSqlEngine.fromEnvironment(System.getenv());
        return new QueryService(engine, engine);
    }
}
