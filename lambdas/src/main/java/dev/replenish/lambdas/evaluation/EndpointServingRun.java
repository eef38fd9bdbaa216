package dev.replenish.lambdas.evaluation;

import dev.replenish.core.config.CloudEnvironment;
import dev.replenish.lambdas.endpoint.ServingEndpoint;

import java.util.Optional;

/**
 * The serving run is the one the endpoint's current model records: what actually answers the API,
 * even when a deploy after an Approved registration failed. A model without the record (one created
 * by hand) cannot be compared, and the gate says so rather than guessing.
 */
public final class EndpointServingRun implements ServingRun {

    private final ServingEndpoint endpoint;

    public EndpointServingRun(ServingEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public Optional<String> activeRunId() {
        return endpoint.currentModel().map(model -> {
            String runId = model.environment().get(CloudEnvironment.MODEL_RUN_ID);
            if (runId == null || runId.isBlank()) {
                throw new IllegalStateException("endpoint " + endpoint.endpointName() + " serves model " + model.modelName()
                        + ", which records no " + CloudEnvironment.MODEL_RUN_ID
                        + ": the gate cannot tell which run it must beat; deploy a pipeline-built model or delete the endpoint");
            }
            return runId;
        });
    }
}
