package dev.replenish.lambdas.serving;

import dev.replenish.core.config.CloudEnvironment;
import dev.replenish.featurestore.DynamoFeatureStoreReader;
import dev.replenish.featurestore.DynamoTarget;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

import java.time.Clock;

/**
 * The API Lambda's settings, from the environment the CDK app sets, and the AWS clients built
 * from them. Missing settings fail the cold start naming the variable.
 */
record ServingEnvironment(String region, String featureTable, String catalogTable, String endpointName,
                          String allowedOrigin) {

    static ServingEnvironment fromEnvironment() {
        return new ServingEnvironment(
                required("AWS_REGION"),
                required(CloudEnvironment.FEATURE_TABLE),
                required(CloudEnvironment.CATALOG_TABLE),
                required(CloudEnvironment.ENDPOINT_NAME),
                required(CloudEnvironment.ALLOWED_ORIGIN));
    }

    PredictionService predictionService() {
        DynamoTarget target = new DynamoTarget(featureTable, catalogTable, region, null);
        Region awsRegion = Region.of(region);
        SageMakerRuntimeClient runtime = SageMakerRuntimeClient.builder().region(awsRegion)
                .httpClient(UrlConnectionHttpClient.create()).build();
        SageMakerClient control = SageMakerClient.builder().region(awsRegion)
                .httpClient(UrlConnectionHttpClient.create()).build();
        return new PredictionService(new DynamoFeatureStoreReader(target.newClient(), target),
                new SageMakerScorer(runtime, control, endpointName, Clock.systemUTC()));
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }
}
