package dev.replenish.infra.endpoint;

import dev.replenish.core.lake.LakeLayout;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.lake.LakePrefix;
import dev.replenish.infra.lake.RunKeys;
import dev.replenish.infra.training.SageMakerArns;
import dev.replenish.infra.training.TrainingAndRegistry;
import dev.replenish.infra.training.XgboostImage;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
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
 * endpoint shape (real-time instances or serverless) from configuration. The evaluate step's batch
 * transform runs a model of the same image and role ("<endpoint>-eval-<run id>"), never served.
 *
 * <p>These runtime resources are not CloudFormation resources: deleting the stacks leaves them, and
 * the README's "Deploy to AWS" says how to delete them.
 */
public final class ModelEndpoint extends Construct {

    /** The single variant every configuration has. */
    public static final String VARIANT_NAME = "AllTraffic";

    /**
     * Blue/green on real-time instances: the new fleet takes all traffic at once after a short bake,
     * and the old fleet stays up a little longer so a failed update rolls back without a cold start.
     */
    static final int BAKE_SECONDS = 60;
    static final int OLD_FLEET_WAIT_SECONDS = 120;
    static final int MAX_UPDATE_SECONDS = 3600;

    /** Where SageMaker's batch transform containers log; a transform job runs with its model's role. */
    static final String TRANSFORM_JOB_LOGS = "/aws/sagemaker/TransformJobs";

    public record Props(InfraConfig.Endpoint config, DataLake lake, XgboostImage image) {
    }

    private final InfraConfig.Endpoint config;
    private final Role modelRole;
    private final Role evaluationModelRole;

    public ModelEndpoint(Construct scope, String id, Props props) {
        super(scope, id);
        this.config = props.config();
        modelRole = Role.Builder.create(this, "ModelRole")
                .assumedBy(new ServicePrincipal("sagemaker.amazonaws.com"))
                .description("Replenish served models: read model.tar.gz from models/, pull the XGBoost image, log")
                .build();
        modelRole.addToPolicy(props.lake().readObjects(LakePrefix.MODELS));
        TrainingAndRegistry.pullImage(modelRole, props.image());
        TrainingAndRegistry.writeSageMakerLogsAndMetrics(this, modelRole, "/aws/sagemaker/Endpoints/" + config.name());
        NagSuppressions.addResourceSuppressions(modelRole, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Objects only under the lake's models/ prefix (read); logs only in the endpoint's own SageMaker "
                        + "log group; ecr:GetAuthorizationToken and cloudwatch:PutMetricData take no resource (the "
                        + "latter is limited by namespace).")
                .build()), true);

        // The evaluate step's model is never served, but its batch transform runs with the model's role
        // and touches the lake: a role of its own keeps the serving container away from training/.
        evaluationModelRole = Role.Builder.create(this, "EvaluationModelRole")
                .assumedBy(new ServicePrincipal("sagemaker.amazonaws.com"))
                .description("Replenish evaluation models (batch transform): read model.tar.gz and the validation CSV, "
                        + "write the scores under training/<run>/evaluation-scores/")
                .build();
        DataLake lake = props.lake();
        evaluationModelRole.addToPolicy(lake.readObjects(LakePrefix.MODELS));
        // Batch transform lists its S3Prefix input (training/<run>/evaluation-csv/) and writes one
        // <file>.out per input file to training/<run>/evaluation-scores/.
        evaluationModelRole.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject"))
                .resources(List.of(lake.bucket().arnForObjects(EVALUATION_INPUT_KEYS)))
                .build());
        evaluationModelRole.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(lake.bucket().getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(EVALUATION_INPUT_KEYS))))
                .build());
        evaluationModelRole.addToPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("s3:PutObject", "s3:AbortMultipartUpload"))
                .resources(List.of(lake.bucket().arnForObjects(EVALUATION_OUTPUT_KEYS)))
                .build());
        TrainingAndRegistry.pullImage(evaluationModelRole, props.image());
        TrainingAndRegistry.writeSageMakerLogsAndMetrics(this, evaluationModelRole, TRANSFORM_JOB_LOGS);
        NagSuppressions.addResourceSuppressions(evaluationModelRole, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Objects only under models/ (read), training/<run>/evaluation-csv/ (read, list) and "
                        + "training/<run>/evaluation-scores/ (write), for any run id; logs only in SageMaker's fixed "
                        + "/aws/sagemaker/TransformJobs group; ecr:GetAuthorizationToken and cloudwatch:PutMetricData "
                        + "take no resource (the latter is limited by namespace).")
                .build()), true);
    }

    /** What the evaluation's transform reads and writes, for any run (core's LakeLayout with the run as '*'). */
    static final String EVALUATION_INPUT_KEYS = RunKeys.withRunAs(run -> LakeLayout.training(run, "evaluation-csv"), "*") + "*";
    static final String EVALUATION_OUTPUT_KEYS = RunKeys.withRunAs(LakeLayout::evaluationScores, "*") + "*";

    public InfraConfig.Endpoint config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    /** The role of the models the endpoint serves. */
    public Role modelRole() {
        return modelRole;
    }

    /** The role of the evaluate step's model, whose batch transform reads and writes under training/. */
    public Role evaluationModelRole() {
        return evaluationModelRole;
    }

    public String endpointArn() {
        return endpointArn(this, config.name());
    }

    /** Models and endpoint configurations are named "<endpoint>-<run id>". */
    public String runtimeNamePrefix() {
        return runtimeNamePrefix(config.name());
    }

    /** The prefix of the per-run models and endpoint configurations of the endpoint named {@code endpointName}. */
    public static String runtimeNamePrefix(String endpointName) {
        return endpointName + "-";
    }

    /** The run's models: served ones "<endpoint>-<run id>" and the evaluate step's "<endpoint>-eval-<run id>". */
    public String modelsArn() {
        return modelsArn(this, config.name());
    }

    public String endpointConfigsArn() {
        return endpointConfigsArn(this, config.name());
    }

    /**
     * Finding which run's model an endpoint serves: DescribeEndpoint, then DescribeEndpointConfig of
     * its configuration, then DescribeModel of that configuration's model, whose container
     * environment names the run (core's CloudEnvironment.MODEL_RUN_ID). The API reports it as its model version;
     * the evaluation gate compares the new run's model with it. Configurations and models are named
     * per run under the endpoint's prefix, as narrow as their ARNs can be known at deploy time.
     *
     * @param scope the construct whose stack the ARNs are formatted for (the caller's)
     */
    public static List<PolicyStatement> describeServingModel(Construct scope, String endpointName) {
        return List.of(
                describe("sagemaker:DescribeEndpoint", endpointArn(scope, endpointName)),
                describe("sagemaker:DescribeEndpointConfig", endpointConfigsArn(scope, endpointName)),
                describe("sagemaker:DescribeModel", modelsArn(scope, endpointName)));
    }

    private static PolicyStatement describe(String action, String resource) {
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of(action))
                .resources(List.of(resource))
                .build();
    }

    private static String endpointArn(Construct scope, String endpointName) {
        return SageMakerArns.of(scope, "endpoint", endpointName);
    }

    private static String endpointConfigsArn(Construct scope, String endpointName) {
        return SageMakerArns.of(scope, "endpoint-config", runtimeNamePrefix(endpointName) + "*");
    }

    private static String modelsArn(Construct scope, String endpointName) {
        return SageMakerArns.of(scope, "model", runtimeNamePrefix(endpointName) + "*");
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
