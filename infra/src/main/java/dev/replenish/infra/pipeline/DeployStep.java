package dev.replenish.infra.pipeline;

import dev.replenish.core.config.CloudEnvironment;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.infra.endpoint.ModelEndpoint;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.training.XgboostImage;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.Errors;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Wait;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.replenish.infra.pipeline.StateKit.name;

/**
 * Endpoint create-or-update through Step Functions' SageMaker SDK integrations rather than a
 * Lambda: each call is a single request with no logic beyond the choice of create or update, and
 * every request is then visible, with its parameters, in the execution history.
 *
 * <p>One model and one endpoint configuration per run ("<endpoint>-<run id>"); the endpoint is
 * created on the first run and updated afterwards, which SageMaker performs blue/green: the new
 * fleet is brought up, traffic moves, the old fleet is removed. If an update rolls back the
 * endpoint ends InService on the old configuration, which is reported as a failure.
 *
 * <p>An endpoint left Failed (its first creation failed: no capacity, a quota of 0, a bad image)
 * cannot be updated — UpdateEndpoint needs an InService endpoint — so it is deleted, its deletion
 * waited for, and created again with this run's configuration. A Failed endpoint serves nothing, so
 * deleting it takes nothing away from the API.
 */
final class DeployStep extends StepConstruct {

    private static final PipelineStep STEP = PipelineStep.DEPLOY;
    /** DescribeEndpoint's EndpointStatus values the step acts on. */
    static final String FAILED = "Failed";
    static final String DELETING = "Deleting";

    private final ModelEndpoint endpoint;
    private final XgboostImage image;
    private final DataLake lake;

    DeployStep(Construct scope, StateKit kit, ModelEndpoint endpoint, XgboostImage image, DataLake lake) {
        super(scope, STEP, kit);
        this.endpoint = endpoint;
        this.image = image;
        this.lake = lake;
    }

    @Override
    public IChainable states(IChainable next) {
        String prefix = endpoint.runtimeNamePrefix();
        Pass names = Pass.Builder.create(this, name(STEP, "name model and configuration"))
                .stateName(name(STEP, "name model and configuration"))
                .parameters(Map.of(
                        "modelName", JsonPath.format(prefix + "{}", JsonPath.stringAt("$.runId")),
                        "configName", JsonPath.format(prefix + "{}", JsonPath.stringAt("$.runId"))))
                .resultPath("$.deployment")
                .build();

        Map<String, Object> container = SageMakerCalls.modelContainer(image.uri(), lake);
        // The API reports which model and which features answered (ModelVersion): it reads these two
        // from the serving model's container environment (SageMakerScorer).
        container.put("Environment", Map.of(
                CloudEnvironment.MODEL_RUN_ID, JsonPath.stringAt("$.runId"),
                CloudEnvironment.MODEL_MANIFEST_FINGERPRINT, JsonPath.stringAt("$.evaluation.manifestFingerprint")));
        CallAwsService createModel = SageMakerCalls.call(this, name(STEP, "create model"), "createModel", Map.of(
                        "ModelName", JsonPath.stringAt("$.deployment.modelName"),
                        "ExecutionRoleArn", endpoint.modelRole().getRoleArn(),
                        "PrimaryContainer", container,
                        "Tags", SageMakerCalls.runTags()),
                "sagemaker:CreateModel", List.of(endpoint.modelsArn()),
                List.of(SageMakerCalls.tagging(endpoint.modelsArn()), SageMakerCalls.passModelRole(endpoint.modelRole())),
                JsonPath.DISCARD);

        CallAwsService createConfig = SageMakerCalls.call(this, name(STEP, "create endpoint configuration"), "createEndpointConfig", Map.of(
                        "EndpointConfigName", JsonPath.stringAt("$.deployment.configName"),
                        "ProductionVariants", List.of(endpoint.productionVariant("$.deployment.modelName")),
                        "Tags", SageMakerCalls.runTags()),
                "sagemaker:CreateEndpointConfig", List.of(endpoint.endpointConfigsArn()),
                List.of(SageMakerCalls.tagging(endpoint.endpointConfigsArn())), JsonPath.DISCARD);

        // Whether the endpoint exists: DescribeEndpoint fails with "Could not find endpoint" when it does not.
        CallAwsService find = SageMakerCalls.call(this, name(STEP, "find endpoint"), "describeEndpoint",
                Map.of("EndpointName", endpoint.name()),
                "sagemaker:DescribeEndpoint", List.of(endpoint.endpointArn()), List.of(), "$.existingEndpoint");
        find.addRetry(StateKit.retry(TransientErrors.SAGEMAKER));
        CallAwsService create = SageMakerCalls.call(this, name(STEP, "create endpoint"), "createEndpoint", Map.of(
                        "EndpointName", endpoint.name(),
                        "EndpointConfigName", JsonPath.stringAt("$.deployment.configName"),
                        "Tags", SageMakerCalls.runTags()),
                "sagemaker:CreateEndpoint", List.of(endpoint.endpointArn(), endpoint.endpointConfigsArn()),
                List.of(SageMakerCalls.tagging(endpoint.endpointArn())), JsonPath.DISCARD);
        Map<String, Object> updateParameters = new LinkedHashMap<>();
        updateParameters.put("EndpointName", endpoint.name());
        updateParameters.put("EndpointConfigName", JsonPath.stringAt("$.deployment.configName"));
        updateParameters.put("RetainAllVariantProperties", false);
        updateParameters.putAll(endpoint.deploymentConfig());
        CallAwsService update = SageMakerCalls.call(this, name(STEP, "update endpoint (blue/green)"), "updateEndpoint", updateParameters,
                "sagemaker:UpdateEndpoint", List.of(endpoint.endpointArn(), endpoint.endpointConfigsArn()), List.of(), JsonPath.DISCARD);
        CallAwsService delete = SageMakerCalls.call(this, name(STEP, "delete failed endpoint"), "deleteEndpoint",
                Map.of("EndpointName", endpoint.name()),
                "sagemaker:DeleteEndpoint", List.of(endpoint.endpointArn()), List.of(), JsonPath.DISCARD);
        Wait deletion = StateKit.poll(this, name(STEP, "wait for deletion"), endpoint.config().pollSeconds());

        Choice missing = Choice.Builder.create(this, name(STEP, "endpoint missing?"))
                .stateName(name(STEP, "endpoint missing?"))
                .build()
                .when(Condition.stringMatches("$.endpointLookup.Cause", "*Could not find endpoint*"), create)
                .otherwise(kit.failed(this, name(STEP, "endpoint lookup failed"), "EndpointLookupFailed", "$.endpointLookup.Cause"));
        find.addCatch(missing, CatchProps.builder().errors(List.of(Errors.TASKS_FAILED)).resultPath("$.endpointLookup").build());
        find.addCatch(kit.failurePath(), CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(StateKit.ERROR_PATH).build());
        Choice usable = Choice.Builder.create(this, name(STEP, "endpoint updatable?"))
                .stateName(name(STEP, "endpoint updatable?"))
                .comment("A Failed endpoint cannot be updated: delete it and create it again")
                .build()
                .when(Condition.stringEquals("$.existingEndpoint.status", FAILED), delete)
                .when(Condition.stringEquals("$.existingEndpoint.status", DELETING), deletion)
                .otherwise(update);

        Wait wait = StateKit.poll(this, name(STEP, "wait for endpoint"), endpoint.config().pollSeconds());
        CallAwsService status = SageMakerCalls.call(this, name(STEP, "endpoint status"), "describeEndpoint",
                Map.of("EndpointName", endpoint.name()),
                "sagemaker:DescribeEndpoint", List.of(endpoint.endpointArn()), List.of(), "$.endpointStatus");
        kit.guard(status, TransientErrors.SAGEMAKER);
        Choice settled = Choice.Builder.create(this, name(STEP, "endpoint in service?"))
                .stateName(name(STEP, "endpoint in service?"))
                .build()
                .when(Condition.and(Condition.stringEquals("$.endpointStatus.status", "InService"),
                        Condition.stringEqualsJsonPath("$.endpointStatus.config", "$.deployment.configName")), next)
                .when(Condition.stringEquals("$.endpointStatus.status", "InService"),
                        kit.failed(this, name(STEP, "update rolled back"), "EndpointRolledBack", "$.endpointStatus.config"))
                .when(Condition.or(Condition.stringEquals("$.endpointStatus.status", "Creating"),
                        Condition.stringEquals("$.endpointStatus.status", "Updating"),
                        Condition.stringEquals("$.endpointStatus.status", "SystemUpdating"),
                        Condition.stringEquals("$.endpointStatus.status", "RollingBack")), wait)
                .otherwise(kit.failed(this, name(STEP, "endpoint failed"), "EndpointFailed", "$.endpointStatus.status"));

        kit.guard(createModel, TransientErrors.SAGEMAKER);
        kit.guard(createConfig, TransientErrors.SAGEMAKER);
        kit.guard(create, TransientErrors.SAGEMAKER);
        kit.guard(update, TransientErrors.SAGEMAKER);
        kit.guard(delete, TransientErrors.SAGEMAKER);
        create.next(wait);
        update.next(wait);
        delete.next(deletion);
        // After the deletion the lookup fails with "Could not find endpoint", which leads to the creation.
        deletion.next(find);
        wait.next(status).next(settled);
        names.next(createModel).next(createConfig).next(find).next(usable);
        return names;
    }
}
