package dev.replenish.infra.pipeline;

import dev.replenish.core.evaluation.MetricsJson;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.endpoint.ModelEndpoint;
import dev.replenish.infra.functions.JavaFunction;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.lake.RunKeys;
import dev.replenish.infra.training.SageMakerArns;
import dev.replenish.infra.training.TrainingAndRegistry;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.CustomState;
import software.amazon.awscdk.services.stepfunctions.Errors;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Parallel;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Result;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.replenish.infra.pipeline.StateKit.name;

/**
 * The gate decides on numbers it does not compute with XGBoost itself: first, in parallel, a
 * SageMaker batch transform scores the validation set with the run's model (written to
 * training/<run>/evaluation-scores/) and the baseline queries write what the frequency baselines
 * know (training/<run>/baselines/<table>/). Then the gate ({"runId"} -> {"deploy": bool,
 * "reason", "metrics": {...}, "manifestFingerprint", "activeRunId"}) computes the metrics of the
 * model and the baselines, writes reports/<run>/metrics.json, and compares with the model the
 * endpoint serves. Every run's model is registered, Approved when it deploys and Rejected when it
 * does not, so the registry holds the whole history; a rejected model ends the run without
 * touching the endpoint.
 */
final class EvaluateStep extends StepConstruct {

    private static final PipelineStep STEP = PipelineStep.EVALUATE;

    /**
     * Leading columns of each evaluation CSV line that are not features: the 3 ids (user_id,
     * product_id, order_id) and the label, in core's FeatureManifest.evaluationCsvColumns() order.
     * The batch transform sends the model only the columns after them and keeps them in its output.
     */
    static final int EVALUATION_CSV_LEADING_COLUMNS = 3 + 1;
    /** training/<run>/evaluation-csv/, written by the Glue join (glue-scripts' JoinJob.EVALUATION_CSV). */
    static final String EVALUATION_CSV_SPLIT = "evaluation-csv";
    /** Evaluation model "<endpoint>-eval-<run id>" and transform job "replenish-eval-<run id>": never served. */
    static final String EVALUATION_NAME_PART = "eval-";
    /** SageMaker's default mini-batch size, stated: the container scores each mini-batch of lines in one request. */
    static final int TRANSFORM_MAX_PAYLOAD_MB = 6;

    /** What the step works with: the registry, the endpoint's image and roles, the gate and the baseline queries. */
    record Props(DataLake lake, TrainingAndRegistry registry, ModelEndpoint endpoint, JavaFunction gate,
                 QueryPlan baselines, QueryWaves.Settings queries) {
    }

    private final Props props;
    private final List<PolicyStatement> permissions = new ArrayList<>();

    EvaluateStep(Construct scope, StateKit kit, Props props) {
        super(scope, STEP, kit);
        this.props = props;
    }

    @Override
    public List<PolicyStatement> permissions() {
        return List.copyOf(permissions);
    }

    /** {@code next} is the deploy step; a model that is not better ends the run here, in a success that says so. */
    @Override
    public IChainable states(IChainable next) {
        TrainingAndRegistry registry = props.registry();
        Succeed activeModelKept = Succeed.Builder.create(this, "run finished: active model kept")
                .stateName("run finished: active model kept")
                .comment("The run's model did not beat the active one: it is registered as Rejected, nothing is deployed")
                .build();
        Parallel scoreAndQuery = Parallel.Builder.create(this, name(STEP, "score validation set and query baselines"))
                .stateName(name(STEP, "score validation set and query baselines"))
                .comment("Independent inputs of the gate: the transform takes minutes, the queries run meanwhile")
                .resultPath(JsonPath.DISCARD)
                .build();
        scoreAndQuery.branch(
                scoreValidationSet(),
                QueryWaves.of(this, kit, STEP, props.baselines(), props.queries(),
                        kit.iterationFailed(this, name(STEP, "baseline queries failed"))));
        scoreAndQuery.addCatch(kit.failurePath(), CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(StateKit.ERROR_PATH).build());

        LambdaInvoke gate = kit.invoke(this, props.gate(), name(STEP, "score against baselines and active model"),
                Map.of("runId", JsonPath.stringAt("$.runId"), "forceDeploy", JsonPath.stringAt("$.forceDeploy")),
                Map.of("deploy", JsonPath.stringAt("$.Payload.deploy"), "metrics", JsonPath.stringAt("$.Payload.metrics"),
                        "manifestFingerprint", JsonPath.stringAt("$.Payload.manifestFingerprint")),
                "$.evaluation");

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("ModelPackageGroupName", registry.modelPackageGroupName());
        parameters.put("ModelPackageDescription", JsonPath.format("Replenish run {}", JsonPath.stringAt("$.runId")));
        parameters.put("ModelApprovalStatus", JsonPath.stringAt("$.approval"));
        parameters.put("InferenceSpecification", Map.of(
                "Containers", List.of(SageMakerCalls.modelContainer(registry.image().uri(), props.lake())),
                "SupportedContentTypes", List.of("text/csv"),
                "SupportedResponseMIMETypes", List.of("text/csv")));
        parameters.put("ModelMetrics", Map.of("ModelQuality", Map.of("Statistics", Map.of(
                "ContentType", "application/json",
                "S3Uri", JsonPath.format(props.lake().rootUri()
                        + RunKeys.withRunAs(run -> LakeLayout.reports(run) + MetricsJson.FILE_NAME, "{}"), JsonPath.stringAt("$.runId"))))));
        parameters.put("CustomerMetadataProperties", Map.of("runId", JsonPath.stringAt("$.runId")));
        CallAwsService register = CallAwsService.Builder.create(this, name(STEP, "register model package"))
                .stateName(name(STEP, "register model package"))
                .service("sagemaker")
                .action("createModelPackage")
                .parameters(parameters)
                .iamAction("sagemaker:CreateModelPackage")
                .iamResources(List.of(registry.modelPackageGroupArn(), registry.modelPackagesArn()))
                .resultSelector(Map.of("arn", JsonPath.stringAt("$.ModelPackageArn")))
                .resultPath("$.modelPackage")
                .taskTimeout(Timeout.duration(StateKit.SDK_CALL_TIMEOUT))
                .build();
        kit.guard(register, TransientErrors.SAGEMAKER);

        Choice deployOrKeep = Choice.Builder.create(this, name(STEP, "deploy?"))
                .stateName(name(STEP, "deploy?"))
                .build()
                .when(Condition.booleanEquals("$.evaluation.deploy", true), next)
                .otherwise(activeModelKept);
        register.next(deployOrKeep);

        Choice better = Choice.Builder.create(this, name(STEP, "better than the active model?"))
                .stateName(name(STEP, "better than the active model?"))
                .build()
                .when(Condition.booleanEquals("$.evaluation.deploy", true), approval("Approved").next(register))
                .otherwise(approval("Rejected").next(register));
        return scoreAndQuery.next(gate).next(better);
    }

    /**
     * A model of the run's model.tar.gz ("<endpoint>-eval-<run id>", the endpoint's image and role,
     * never served), then a batch transform of training/<run>/evaluation-csv/ with it. The CSV lines
     * start with the ids and the label; the transform sends the model only the features (InputFilter),
     * appends the probability to each input line (JoinSource) and keeps ids, label and probability
     * (OutputFilter): training/<run>/evaluation-scores/<input file>.out, one
     * "user_id,product_id,order_id,label,probability" line per input line.
     *
     * <p>A custom state, as for the Glue runs: CDK's SageMakerCreateTransformJob has no DataProcessing
     * and would create a role of its own with SageMaker's full-access managed policy. It runs inside
     * the Parallel, so its failures end the branch with a Fail that carries the error out.
     */
    private IChainable scoreValidationSet() {
        ModelEndpoint endpoint = props.endpoint();
        InfraConfig.Training config = props.registry().config();
        DataLake lake = props.lake();
        Fail scoringFailed = kit.iterationFailed(this, name(STEP, "scoring failed"));
        String modelName = endpoint.runtimeNamePrefix() + EVALUATION_NAME_PART + "{}";
        String jobName = TrainingAndRegistry.TRAINING_JOB_PREFIX + EVALUATION_NAME_PART + "{}";

        CallAwsService createModel = SageMakerCalls.call(this, name(STEP, "create evaluation model"), "createModel", Map.of(
                        "ModelName", JsonPath.format(modelName, JsonPath.stringAt("$.runId")),
                        "ExecutionRoleArn", endpoint.evaluationModelRole().getRoleArn(),
                        "PrimaryContainer", SageMakerCalls.modelContainer(props.registry().image().uri(), lake),
                        "Tags", SageMakerCalls.runTags()),
                "sagemaker:CreateModel", List.of(endpoint.modelsArn()),
                List.of(SageMakerCalls.tagging(endpoint.modelsArn()), SageMakerCalls.passModelRole(endpoint.evaluationModelRole())),
                JsonPath.DISCARD);
        kit.guardInIteration(createModel, TransientErrors.SAGEMAKER, scoringFailed);

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("TransformJobName.$", TrainStep.runFormat(jobName));
        parameters.put("ModelName.$", TrainStep.runFormat(modelName));
        parameters.put("BatchStrategy", "MultiRecord");
        parameters.put("MaxPayloadInMB", TRANSFORM_MAX_PAYLOAD_MB);
        parameters.put("TransformInput", Map.of(
                "DataSource", Map.of("S3DataSource", Map.of(
                        "S3DataType", "S3Prefix",
                        "S3Uri.$", TrainStep.runFormat(lake.rootUri() + RunKeys.withRunAs(run -> LakeLayout.training(run, EVALUATION_CSV_SPLIT), "{}")))),
                "ContentType", "text/csv",
                "SplitType", "Line"));
        parameters.put("TransformOutput", Map.of(
                "S3OutputPath.$", TrainStep.runFormat(lake.rootUri() + RunKeys.withRunAs(LakeLayout::evaluationScores, "{}")),
                "Accept", "text/csv",
                "AssembleWith", "Line"));
        parameters.put("TransformResources", Map.of(
                "InstanceType", config.transformInstanceType(),
                "InstanceCount", 1));
        parameters.put("DataProcessing", Map.of(
                "InputFilter", "$[" + EVALUATION_CSV_LEADING_COLUMNS + ":]",
                "JoinSource", "Input",
                "OutputFilter", "$[" + IntStream.range(0, EVALUATION_CSV_LEADING_COLUMNS)
                        .mapToObj(Integer::toString).collect(Collectors.joining(",")) + ",-1]"));
        parameters.put("Tags", List.of(
                Map.of("Key", "project", "Value", "replenish"),
                Map.of("Key", "replenish:run", "Value.$", "$.runId")));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Type", "Task");
        state.put("Comment", "Scores training/<run>/evaluation-csv/ into training/<run>/evaluation-scores/, waited for with .sync");
        state.put("Resource", "arn:" + Aws.PARTITION + ":states:::sagemaker:createTransformJob.sync");
        state.put("Parameters", parameters);
        state.put("ResultSelector", Map.of("jobName.$", "$.TransformJobName", "status.$", "$.TransformJobStatus"));
        state.put("ResultPath", "$.transform");
        state.put("TimeoutSeconds", Duration.minutes(config.transformMaxRuntimeMinutes()).plus(StateKit.JOB_START_MARGIN).toSeconds());
        String stateName = name(STEP, "score validation set (batch transform)");
        CustomState transform = CustomState.Builder.create(this, stateName).stateJson(state).build();
        transform.addRetry(StateKit.retry(TransientErrors.SAGEMAKER));
        transform.addCatch(scoringFailed, CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(StateKit.ERROR_PATH).build());

        // What the .sync transform integration needs, as Step Functions documents it, limited to
        // this project's transform jobs (ListTags is also granted on "*" by CDK for the training task).
        permissions.add(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("sagemaker:CreateTransformJob", "sagemaker:DescribeTransformJob", "sagemaker:StopTransformJob",
                        "sagemaker:AddTags", "sagemaker:ListTags"))
                .resources(List.of(SageMakerArns.of(this, "transform-job",
                        TrainingAndRegistry.TRAINING_JOB_PREFIX + EVALUATION_NAME_PART + "*")))
                .build());
        permissions.add(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("events").resource("rule").resourceName("StepFunctionsGetEventsForSageMakerTransformJobsRule")
                        .build())))
                .build());
        return createModel.next(transform);
    }

    private Pass approval(String status) {
        String stateName = name(STEP, status.toLowerCase(Locale.ROOT));
        return Pass.Builder.create(this, stateName)
                .stateName(stateName)
                .result(Result.fromString(status))
                .resultPath("$.approval")
                .build();
    }
}
