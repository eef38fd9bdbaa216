package dev.replenish.lambdas.serving;

import dev.replenish.core.config.CloudEnvironment;
import dev.replenish.core.serving.ModelVersion;
import dev.replenish.lambdas.endpoint.ServingEndpoint;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Scores with the SageMaker real-time (or serverless) endpoint of the built-in XGBoost container:
 * {@code text/csv} rows in feature-manifest order, an empty field for a missing value, one
 * probability per row back.
 *
 * <p>The model's version is read from the endpoint: its current model's container environment
 * carries {@link CloudEnvironment#MODEL_RUN_ID} and {@link CloudEnvironment#MODEL_MANIFEST_FINGERPRINT}, set by the pipeline when it
 * creates the model. The answer is kept for {@link #VERSION_TTL} so a blue/green update is seen
 * within a minute without a lookup per request.
 */
public final class SageMakerScorer implements Scorer {

    static final Duration VERSION_TTL = Duration.ofSeconds(60);

    private final SageMakerRuntimeClient runtime;
    private final ServingEndpoint endpoint;
    private final String endpointName;
    private final Clock clock;
    private volatile ModelVersion cached;
    private volatile Instant cachedAt = Instant.MIN;

    public SageMakerScorer(SageMakerRuntimeClient runtime, SageMakerClient control, String endpointName, Clock clock) {
        this.runtime = runtime;
        this.endpoint = new ServingEndpoint(control, endpointName);
        this.endpointName = endpointName;
        this.clock = clock;
    }

    @Override
    public ModelVersion version() {
        Instant now = clock.instant();
        if (cached == null || now.isAfter(cachedAt.plus(VERSION_TTL))) {
            ServingEndpoint.ServedModel model = endpoint.currentModel().orElseThrow(() -> new ApiError(503,
                    "no model deployed", "endpoint " + endpointName + " does not exist: no pipeline run has deployed a model yet"));
            Map<String, String> environment = model.environment();
            if (!environment.containsKey(CloudEnvironment.MODEL_RUN_ID) || !environment.containsKey(CloudEnvironment.MODEL_MANIFEST_FINGERPRINT)) {
                throw new ApiError(503, "model version unknown", "model " + model.modelName() + " of endpoint " + endpointName
                        + " does not record " + CloudEnvironment.MODEL_RUN_ID + " and " + CloudEnvironment.MODEL_MANIFEST_FINGERPRINT);
            }
            cached = new ModelVersion(environment.get(CloudEnvironment.MODEL_RUN_ID), environment.get(CloudEnvironment.MODEL_MANIFEST_FINGERPRINT));
            cachedAt = now;
        }
        return cached;
    }

    @Override
    public double[] score(float[] rows, int featureCount) {
        InvokeEndpointResponse response = runtime.invokeEndpoint(b -> b.endpointName(endpointName)
                .contentType("text/csv").accept("text/csv")
                .body(SdkBytes.fromString(csv(rows, featureCount), StandardCharsets.UTF_8)));
        String[] values = response.body().asUtf8String().trim().split("[,\\n]+");
        int expected = rows.length / featureCount;
        if (values.length != expected) {
            throw new IllegalStateException("endpoint " + endpointName + " returned " + values.length
                    + " scores for " + expected + " rows");
        }
        double[] probabilities = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            probabilities[i] = Double.parseDouble(values[i].trim());
        }
        return probabilities;
    }

    /** The built-in algorithm's CSV: no header, no label column, empty field = missing. */
    static String csv(float[] rows, int featureCount) {
        StringBuilder body = new StringBuilder(rows.length * 8);
        for (int i = 0; i < rows.length; i++) {
            if (i % featureCount != 0) {
                body.append(',');
            }
            if (!Float.isNaN(rows[i])) {
                body.append(rows[i]);
            }
            if (i % featureCount == featureCount - 1) {
                body.append('\n');
            }
        }
        return body.toString();
    }
}
