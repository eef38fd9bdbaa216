package dev.replenish.lambdas.endpoint;

import dev.replenish.core.config.CloudEnvironment;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

import java.util.Map;
import java.util.Optional;

/**
 * The model a SageMaker endpoint serves now, found as SageMaker records it: endpoint, then its
 * configuration's first variant, then that model's container environment, where the pipeline
 * writes the run id and feature-manifest fingerprint ({@link CloudEnvironment#MODEL_RUN_ID},
 * {@link CloudEnvironment#MODEL_MANIFEST_FINGERPRINT}). The API reads it to report its model version; the evaluation gate
 * to find the active model a new one must beat.
 */
public final class ServingEndpoint {


    /** The endpoint's current model: its name and container environment. */
    public record ServedModel(String modelName, Map<String, String> environment) {
        public ServedModel {
            environment = Map.copyOf(environment);
        }
    }

    private final SageMakerClient control;
    private final String endpointName;

    public ServingEndpoint(SageMakerClient control, String endpointName) {
        this.control = control;
        this.endpointName = endpointName;
    }

    public String endpointName() {
        return endpointName;
    }

    /** The served model, or empty when the endpoint does not exist (no run has deployed yet). */
    public Optional<ServedModel> currentModel() {
        String configName;
        try {
            configName = control.describeEndpoint(b -> b.endpointName(endpointName)).endpointConfigName();
        } catch (SageMakerException e) {
            // SageMaker answers a missing endpoint with a 400 ValidationException, "Could not find endpoint ...".
            if (e.statusCode() == 400 && e.getMessage() != null && e.getMessage().contains("Could not find endpoint")) {
                return Optional.empty();
            }
            throw e;
        }
        String modelName = control.describeEndpointConfig(b -> b.endpointConfigName(configName))
                .productionVariants().get(0).modelName();
        DescribeModelResponse model = control.describeModel(b -> b.modelName(modelName));
        Map<String, String> environment = model.primaryContainer() == null || model.primaryContainer().environment() == null
                ? Map.of() : model.primaryContainer().environment();
        return Optional.of(new ServedModel(modelName, environment));
    }
}
