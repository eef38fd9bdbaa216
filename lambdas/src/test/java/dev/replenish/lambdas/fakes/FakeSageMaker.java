package dev.replenish.lambdas.fakes;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A SageMaker control-plane client for one endpoint serving one model through one configuration,
 * or no endpoint at all; every Describe request is logged as one line.
 */
public final class FakeSageMaker implements SageMakerClient {

    public final List<String> requests = new ArrayList<>();
    private final String endpointName;
    private final String configName;
    private final String modelName;
    private final Map<String, String> environment;

    private FakeSageMaker(String endpointName, String configName, String modelName, Map<String, String> environment) {
        this.endpointName = endpointName;
        this.configName = configName;
        this.modelName = modelName;
        this.environment = environment;
    }

    /** An endpoint serving {@code modelName}, whose container has {@code environment}. */
    public static FakeSageMaker serving(String endpointName, String modelName, Map<String, String> environment) {
        return new FakeSageMaker(endpointName, modelName, modelName, environment);
    }

    /** No endpoint exists: DescribeEndpoint fails as SageMaker does. */
    public static FakeSageMaker withoutEndpoint() {
        return new FakeSageMaker(null, null, null, Map.of());
    }

    @Override
    public DescribeEndpointResponse describeEndpoint(DescribeEndpointRequest request) {
        requests.add("DescribeEndpoint " + request.endpointName());
        if (endpointName == null || !endpointName.equals(request.endpointName())) {
            throw (SageMakerException) SageMakerException.builder()
                    .message("Could not find endpoint \"" + request.endpointName() + "\".")
                    .statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException")
                            .errorMessage("Could not find endpoint \"" + request.endpointName() + "\".").build())
                    .build();
        }
        return DescribeEndpointResponse.builder().endpointName(endpointName).endpointConfigName(configName)
                .endpointStatus("InService").productionVariants(ProductionVariantSummary.builder().variantName("AllTraffic").build())
                .build();
    }

    @Override
    public DescribeEndpointConfigResponse describeEndpointConfig(DescribeEndpointConfigRequest request) {
        requests.add("DescribeEndpointConfig " + request.endpointConfigName());
        return DescribeEndpointConfigResponse.builder().endpointConfigName(request.endpointConfigName())
                .productionVariants(ProductionVariant.builder().variantName("AllTraffic").modelName(modelName).build())
                .build();
    }

    @Override
    public DescribeModelResponse describeModel(DescribeModelRequest request) {
        requests.add("DescribeModel " + request.modelName());
        return DescribeModelResponse.builder().modelName(request.modelName())
                .primaryContainer(ContainerDefinition.builder().environment(environment).build())
                .build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
