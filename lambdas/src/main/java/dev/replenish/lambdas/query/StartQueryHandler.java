package dev.replenish.lambdas.query;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.replenish.core.config.CloudEnvironment;

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
        return new QueryService(engine, engine, engine, engine, maxRejectFraction(System.getenv()));
    }

    /** The CDK app sets the threshold from the configuration home; without it, core's default applies. */
    static double maxRejectFraction(java.util.Map<String, String> environment) {
        String value = environment.get(CloudEnvironment.MAX_REJECT_FRACTION);
        if (value == null || value.isBlank()) {
            return dev.replenish.core.config.ReplenishConfig.defaults().ingest().maxRejectFraction();
        }
        try {
            double fraction = Double.parseDouble(value);
            if (fraction >= 0.0 && fraction <= 1.0) {
                return fraction;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("environment variable " + CloudEnvironment.MAX_REJECT_FRACTION + " ('" + value
                + "') must be a number between 0 and 1");
    }

}
