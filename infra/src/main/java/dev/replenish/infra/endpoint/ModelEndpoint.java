package dev.replenish.infra.endpoint;

import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.lake.LakePrefix;
import dev.replenish.infra.training.SageMakerArns;
import dev.replenish.infra.training.TrainingAndRegistry;
import dev.replenish.infra.training.XgboostImage;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The serving endpoint. Its models, endpoint configurations and the endpoint itself are created at
 * run time by the pipeline's deploy step (one model and config per run, then UpdateEndpoint), so
 * this construct holds what they share: the name, the execution role the models run with, and the
 * endpoint shape (real-time instances or serverless) from configuration.
 *
 * <p>These runtime resources are not CloudFormation resources: deleting the stacks leaves them, and
 * the README's "Deploy to AWS" says how to delete them.
 */
public final class ModelEndpoint extends Construct {

    /** The single variant every configuration has. */
    public static final String VARIANT_NAME = "AllTraffic";
    /** The serving model's container environment the API reads its model version from (lambdas' SageMakerScorer). */
    public static final String RUN_ID_VARIABLE = "REPLENISH_RUN_ID";
    public static final String MANIFEST_FINGERPRINT_VARIABLE = "REPLENISH_MANIFEST_FINGERPRINT";

    /**
     * Blue/green on real-time instances: the new fleet takes all traffic at once after a short bake,
     * and the old fleet stays up a little longer so a failed update rolls back without a cold start.
     */
    static final int BAKE_SECONDS = 60;
    static final int OLD_FLEET_WAIT_SECONDS = 120;
    static final int MAX_UPDATE_SECONDS = 3600;

    public record Props(InfraConfig.Endpoint config, DataLake lake, XgboostImage image) {
    }

    private final InfraConfig.Endpoint config;
    private final Role modelRole;

    public ModelEndpoint(Construct scope, String id, Props props) {
        super(scope, id);
        this.config = props.config();
        modelRole = Role.Builder.create(this, "ModelRole")
                .assumedBy(new ServicePrincipal("sagemaker.amazonaws.com"))
                .description("Replenish endpoint models: read model.tar.gz from models/, pull the XGBoost image")
                .build();
        modelRole.addToPolicy(props.lake().readObjects(LakePrefix.MODELS));
        TrainingAndRegistry.pullImage(modelRole, props.image());
        TrainingAndRegistry.writeSageMakerLogsAndMetrics(this, modelRole, "/aws/sagemaker/Endpoints/" + config.name());

        NagSuppressions.addResourceSuppressions(modelRole, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Read-only on the lake's models/ prefix, logs only in the endpoint's own SageMaker log group; "
                        + "ecr:GetAuthorizationToken and cloudwatch:PutMetricData take no resource (the latter is "
                        + "limited by namespace).")
                .build()), true);
    }

    public InfraConfig.Endpoint config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public Role modelRole() {
        return modelRole;
    }

    public String endpointArn() {
        return SageMakerArns.of(this, "endpoint", config.name());
    }

    /** Models and endpoint configurations are named "<endpoint>-<run id>". */
    public String runtimeNamePrefix() {
        return runtimeNamePrefix(config.name());
    }

    /** The prefix of the per-run models and endpoint configurations of the endpoint named {@code endpointName}. */
    public static String runtimeNamePrefix(String endpointName) {
        return endpointName + "-";
    }

    public String modelsArn() {
        return SageMakerArns.of(this, "model", runtimeNamePrefix() + "*");
    }

    public String endpointConfigsArn() {
        return SageMakerArns.of(this, "endpoint-config", runtimeNamePrefix() + "*");
    }

    /** The ProductionVariant of a CreateEndpointConfig call, for the model named at modelNamePath. */
    public Map<String, Object> productionVariant(String modelNamePath) {
        Map<String, Object> variant = new LinkedHashMap<>();
        variant.put("VariantName", VARIANT_NAME);
        variant.put("ModelName.$", modelNamePath);
        switch (config.type()) {
            case REALTIME -> {
                variant.put("InstanceType", config.instanceType());
                variant.put("InitialInstanceCount", config.instanceCount());
                variant.put("InitialVariantWeight", 1);
            }
            case SERVERLESS -> variant.put("ServerlessConfig", Map.of(
                    "MemorySizeInMB", config.serverlessMemoryMb(),
                    "MaxConcurrency", config.serverlessMaxConcurrency()));
        }
        return variant;
    }

    /**
     * The DeploymentConfig of UpdateEndpoint: blue/green for real-time instances. Serverless
     * endpoints take no deployment configuration (SageMaker swaps them as a whole).
     */
    public Map<String, Object> deploymentConfig() {
        if (config.type() == InfraConfig.EndpointType.SERVERLESS) {
            return Map.of();
        }
        return Map.of("DeploymentConfig", Map.of("BlueGreenUpdatePolicy", Map.of(
                "TrafficRoutingConfiguration", Map.of("Type", "ALL_AT_ONCE", "WaitIntervalInSeconds", BAKE_SECONDS),
                "TerminationWaitInSeconds", OLD_FLEET_WAIT_SECONDS,
                "MaximumExecutionTimeoutInSeconds", MAX_UPDATE_SECONDS)));
    }
}
