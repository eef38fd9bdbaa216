package dev.replenish.infra.pipeline;

import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.endpoint.ModelEndpoint;
import dev.replenish.infra.featurestore.FeatureLoadJob;
import dev.replenish.infra.functions.JavaFunction;
import dev.replenish.infra.functions.RoleDependency;
import dev.replenish.infra.glue.GlueJavaJob;
import dev.replenish.infra.join.JoinJob;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.lake.LakePrefix;
import dev.replenish.infra.lake.RunKeys;
import dev.replenish.infra.logs.LogGroups;
import dev.replenish.infra.training.SageMakerArns;
import dev.replenish.infra.training.TrainingAndRegistry;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Chain;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.CustomState;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Errors;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.IntegrationPattern;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.Map;
import software.amazon.awscdk.services.stepfunctions.Parallel;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Result;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.Wait;
import software.amazon.awscdk.services.stepfunctions.WaitTime;
import software.amazon.awscdk.services.stepfunctions.tasks.AlgorithmSpecification;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.amazon.awscdk.services.stepfunctions.tasks.Channel;
import software.amazon.awscdk.services.stepfunctions.tasks.DataSource;
import software.amazon.awscdk.services.stepfunctions.tasks.DockerImage;
import software.amazon.awscdk.services.stepfunctions.tasks.InputMode;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.amazon.awscdk.services.stepfunctions.tasks.OutputDataConfig;
import software.amazon.awscdk.services.stepfunctions.tasks.ResourceConfig;
import software.amazon.awscdk.services.stepfunctions.tasks.S3DataDistributionType;
import software.amazon.awscdk.services.stepfunctions.tasks.S3DataSource;
import software.amazon.awscdk.services.stepfunctions.tasks.S3DataType;
import software.amazon.awscdk.services.stepfunctions.tasks.S3Location;
import software.amazon.awscdk.services.stepfunctions.tasks.SageMakerCreateTrainingJob;
import software.amazon.awscdk.services.stepfunctions.tasks.SnsPublish;
import software.amazon.awscdk.services.stepfunctions.tasks.StoppingCondition;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import static dev.replenish.core.pipeline.PipelineStep.CATALOG;
import static dev.replenish.core.pipeline.PipelineStep.DEPLOY;
import static dev.replenish.core.pipeline.PipelineStep.EVALUATE;
import static dev.replenish.core.pipeline.PipelineStep.JOIN;
import static dev.replenish.core.pipeline.PipelineStep.LOAD_FEATURES;
import static dev.replenish.core.pipeline.PipelineStep.TRAIN;
import static dev.replenish.infra.pipeline.StateKit.name;

/**
 * The pipeline as a Step Functions state machine, built from core's {@link PipelineStep} list, the
 * same list the local runner walks: each step opens with a marker state named after it (which also
 * records the current step for the failure notification), followed by that step's states.
 *
 * <p>State data: {@code runId} (the execution's name; models, tables and reports of the run are
 * keyed by it), {@code currentStep}, and one small result object per step. Every Task retries
 * transient errors with backoff, has a timeout, and catches everything else into the failure path:
 * an SNS message with run id, step, error and cause, then a Fail carrying the same error. A Catch
 * cannot leave a Map iteration or a Parallel branch, so a Task inside one catches into a Fail of its
 * own that carries the error out, and the Map or Parallel catches into the failure path.
 */
public final class PipelineStateMachine extends Construct {

    /** The state machine's name: the README's "Deploy to AWS" starts and watches runs by it. */
    public static final String NAME = "replenish-pipeline";

    /** Time for the Lambda service to queue and cold-start a function beyond its own timeout. */
    static final Duration INVOKE_MARGIN = Duration.seconds(30);
    /** A single SDK call (create, describe, update) returns in seconds; a minute means it is stuck. */
    static final Duration SDK_CALL_TIMEOUT = Duration.seconds(60);
    /** Glue queues for workers, SageMaker provisions an instance and pulls the image before the clock they bill starts. */
    static final Duration JOB_START_MARGIN = Duration.minutes(30);

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

    /**
     * @param evaluationPlan the evaluate step's baseline queries, run by the same query handlers as curate and features
     */
    public record Props(InfraConfig config, DataLake lake, PipelineFunctions functions, JoinJob join,
                        FeatureLoadJob featureLoad, TrainingAndRegistry registry, ModelEndpoint endpoint, FailureAlerts alerts,
                        QueryPlan curatePlan, QueryPlan featurePlan, QueryPlan evaluationPlan) {
    }

    private final Props props;
    private final StateKit kit;
    private final Succeed runSucceeded;
    private final Succeed activeModelKept;
    private final StateMachine stateMachine;

    public PipelineStateMachine(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        this.kit = new StateKit(this, failurePath());
        this.runSucceeded = Succeed.Builder.create(this, "run succeeded").stateName("run succeeded").build();
        this.activeModelKept = Succeed.Builder.create(this, "run finished: active model kept")
                .stateName("run finished: active model kept")
                .comment("The run's model did not beat the active one: it is registered as Rejected, nothing is deployed")
                .build();

        // Built back to front, each step handed the state that follows it.
        IChainable next = runSucceeded;
        List<PipelineStep> steps = new ArrayList<>(List.of(PipelineStep.values()));
        java.util.Collections.reverse(steps);
        for (PipelineStep step : steps) {
            IChainable body = switch (step) {
                case CATALOG -> catalog(next);
                case CURATE -> queryStage(step, props.curatePlan(), next);
                case FEATURES -> queryStage(step, props.featurePlan(), next);
                case JOIN -> join(next);
                case TRAIN -> train(next);
                case EVALUATE -> evaluate(next);
                case DEPLOY -> deploy(next);
                case LOAD_FEATURES -> loadFeatures(next);
            };
            next = marker(step).next(body);
        }
        IChainable startRun = startRun(next);

        LogGroup logs = LogGroups.named(this, "Logs", "/aws/vendedlogs/states/" + NAME, props.config().logs().retentionDays());
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineName(NAME)
                .stateMachineType(StateMachineType.STANDARD)
                .comment("Replenish: " + String.join(" -> ", java.util.Arrays.stream(PipelineStep.values()).map(PipelineStep::id).toList()))
                .definitionBody(DefinitionBody.fromChainable(startRun))
                .timeout(Duration.hours(props.config().pipeline().timeoutHours()))
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(true).build())
                .build();
        customStatePermissions.forEach(stateMachine::addToRolePolicy);
        RoleDependency.onPolicyOnly(stateMachine, (software.amazon.awscdk.services.iam.Role) stateMachine.getRole());

        NagSuppressions.addResourceSuppressions(stateMachine, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Generated for Step Functions' documented integrations: X-Ray and log delivery calls take no "
                        + "resource; Lambda invokes cover the function's versions (arn:*); the .sync training "
                        + "integration needs sagemaker:ListTags on any resource and its events rule; models, "
                        + "endpoint configs, model packages and the evaluation's transform jobs are named per run "
                        + "under this project's prefixes.")
                .build()), true);
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    /**
     * The run's state: {@code runId} (the execution's name) and {@code forceDeploy}, the cloud's
     * {@code --force-deploy}, from the execution input {@code {"forceDeploy": true}} (false when
     * absent; anything but a boolean stops the run before it starts). Nothing else of the input is kept.
     */
    private IChainable startRun(IChainable firstStep) {
        Pass startRun = Pass.Builder.create(this, "start run")
                .stateName("start run")
                .comment("The execution's name is the run id: start an execution with --name to choose it")
                .parameters(java.util.Map.of("runId", JsonPath.stringAt("$$.Execution.Name"), "input", JsonPath.getEntirePayload()))
                .build();
        Pass forced = Pass.Builder.create(this, "deploy forced as the input asks")
                .stateName("deploy forced as the input asks")
                .parameters(java.util.Map.of("runId", JsonPath.stringAt("$.runId"), "forceDeploy", JsonPath.stringAt("$.input.forceDeploy")))
                .build();
        Pass gated = Pass.Builder.create(this, "deploy only a better model")
                .stateName("deploy only a better model")
                .parameters(java.util.Map.of("runId", JsonPath.stringAt("$.runId"), "forceDeploy", false))
                .build();
        Choice force = Choice.Builder.create(this, "force deploy?")
                .stateName("force deploy?")
                .build()
                .when(Condition.and(Condition.isPresent("$.input.forceDeploy"), Condition.isBoolean("$.input.forceDeploy")), forced)
                .when(Condition.isPresent("$.input.forceDeploy"), Fail.Builder.create(this, "bad execution input")
                        .stateName("bad execution input")
                        .error("BadExecutionInput")
                        .cause("forceDeploy, when given, must be true or false")
                        .build())
                .otherwise(gated);
        forced.next(firstStep);
        gated.next(firstStep);
        return startRun.next(force);
    }

    private Pass marker(PipelineStep step) {
        return Pass.Builder.create(this, step.id())
                .stateName(step.id())
                .comment(step.purpose())
                .result(Result.fromString(step.id()))
                .resultPath("$.currentStep")
                .build();
    }

    // ---- failure path -------------------------------------------------------------------------

    private IChainable failurePath() {
        Fail runFailed = Fail.Builder.create(this, "run failed")
                .stateName("run failed")
                .errorPath(StateKit.ERROR_PATH + ".Error")
                .causePath(StateKit.ERROR_PATH + ".Cause")
                .build();
        SnsPublish notify = SnsPublish.Builder.create(this, "notify failure")
                .stateName("notify failure")
                .topic(props.alerts().topic())
                .subject("Replenish pipeline run failed")
                .message(TaskInput.fromObject(java.util.Map.of(
                        "runId", JsonPath.stringAt("$.runId"),
                        "step", JsonPath.stringAt("$.currentStep"),
                        "error", JsonPath.stringAt(StateKit.ERROR_PATH + ".Error"),
                        "cause", JsonPath.stringAt(StateKit.ERROR_PATH + ".Cause"))))
                .resultPath(JsonPath.DISCARD)
                .taskTimeout(Timeout.duration(SDK_CALL_TIMEOUT))
                .build();
        notify.addRetry(StateKit.retry(TransientErrors.SNS));
        // If even the notification fails, the run still fails with its original error.
        notify.addCatch(runFailed, CatchProps.builder().errors(List.of(Errors.ALL)).resultPath("$.notificationError").build());
        return notify.next(runFailed);
    }

    // ---- catalog ------------------------------------------------------------------------------

    /**
     * Start the crawler, poll it until it has finished, then check the crawled tables against the
     * data contract (the handler fails naming the differing columns). The crawler handler events:
     * {"action":"start","runId"} -> {"startedAt"}; {"action":"status","runId","startedAt"} ->
     * {"state":"RUNNING|SUCCEEDED|FAILED","reason"}; {"action":"checkSchema","runId"} -> anything.
     */
    private IChainable catalog(IChainable next) {
        JavaFunction crawler = props.functions().crawler();
        LambdaInvoke start = invoke(crawler, name(CATALOG, "start crawler"), java.util.Map.of(
                        "action", "start", "runId", JsonPath.stringAt("$.runId")),
                java.util.Map.of("startedAt", JsonPath.stringAt("$.Payload.startedAt")), "$.crawl");
        Wait wait = Wait.Builder.create(this, name(CATALOG, "wait for crawler"))
                .stateName(name(CATALOG, "wait for crawler"))
                .time(WaitTime.duration(Duration.seconds(props.config().catalog().crawlerPollSeconds())))
                .build();
        LambdaInvoke status = invoke(crawler, name(CATALOG, "crawler status"), java.util.Map.of(
                        "action", "status", "runId", JsonPath.stringAt("$.runId"),
                        "startedAt", JsonPath.stringAt("$.crawl.startedAt")),
                java.util.Map.of("state", JsonPath.stringAt("$.Payload.state"), "reason", JsonPath.stringAt("$.Payload.reason")),
                "$.crawlStatus");
        LambdaInvoke checkSchema = invoke(crawler, name(CATALOG, "check schema against contract"), java.util.Map.of(
                "action", "checkSchema", "runId", JsonPath.stringAt("$.runId")), null, JsonPath.DISCARD);
        Choice finished = Choice.Builder.create(this, name(CATALOG, "crawler finished?"))
                .stateName(name(CATALOG, "crawler finished?"))
                .build()
                .when(Condition.stringEquals("$.crawlStatus.state", "SUCCEEDED"), checkSchema.next(next))
                .when(Condition.stringEquals("$.crawlStatus.state", "RUNNING"), wait)
                .otherwise(kit.failed(name(CATALOG, "crawler failed"), "CrawlerFailed", "$.crawlStatus.reason"));
        return start.next(wait).next(status).next(finished);
    }

    // ---- curate, features (and the evaluate step's baseline queries) ----------------------------

    /** A stage made of queries only: its queries, then the next step. */
    private IChainable queryStage(PipelineStep step, QueryPlan plan, IChainable next) {
        return queries(step, plan, kit.failurePath()).next(next);
    }

    /**
     * Run a stage's queries wave by wave (waves in order, the queries of a wave in parallel), each
     * query as start -> wait -> status until it has finished; a failure goes to {@code onFailure}
     * (the failure path, or a Fail of the Parallel branch the queries run in). Handler events: start
     * {"runId","stage","query"} -> {"executionId"}; status {"runId","stage","query","executionId"} ->
     * {"state":"RUNNING|SUCCEEDED|FAILED","reason"}.
     */
    private Chain queries(PipelineStep step, QueryPlan plan, IChainable onFailure) {
        PipelineFunctions functions = props.functions();
        Pass planned = Pass.Builder.create(this, name(step, "plan"))
                .stateName(name(step, "plan"))
                .comment("Waves of independent queries, derived at synthesis (see QueryPlan)")
                .result(Result.fromObject(java.util.Map.of("waves", plan.waves())))
                .resultPath("$.plan")
                .build();

        Fail queryFailed = kit.iterationFailed(name(step, "query failed"));
        java.util.Map<String, Object> query = java.util.Map.of(
                "runId", JsonPath.stringAt("$.runId"), "stage", plan.stage(), "query", JsonPath.stringAt("$.query"));
        LambdaInvoke start = invokeInIteration(functions.startQuery(), name(step, "start query"), query,
                java.util.Map.of("executionId", JsonPath.stringAt("$.Payload.executionId")), "$.execution", queryFailed);
        Wait wait = Wait.Builder.create(this, name(step, "wait for query"))
                .stateName(name(step, "wait for query"))
                .time(WaitTime.duration(Duration.seconds(props.config().query().pollSeconds())))
                .build();
        java.util.Map<String, Object> statusPayload = new LinkedHashMap<>(query);
        statusPayload.put("executionId", JsonPath.stringAt("$.execution.executionId"));
        LambdaInvoke status = invokeInIteration(functions.queryStatus(), name(step, "query status"), statusPayload,
                java.util.Map.of("state", JsonPath.stringAt("$.Payload.state"), "reason", JsonPath.stringAt("$.Payload.reason")),
                "$.status", queryFailed);
        Choice finished = Choice.Builder.create(this, name(step, "query finished?"))
                .stateName(name(step, "query finished?"))
                .build()
                .when(Condition.stringEquals("$.status.state", "SUCCEEDED"),
                        Succeed.Builder.create(this, name(step, "query done")).stateName(name(step, "query done")).build())
                .when(Condition.stringEquals("$.status.state", "RUNNING"), wait)
                .otherwise(Fail.Builder.create(this, name(step, "query reported failure"))
                        .stateName(name(step, "query reported failure"))
                        .error("QueryFailed")
                        .causePath("$.status.reason")
                        .build());

        Map queriesOfWave = Map.Builder.create(this, name(step, "queries of a wave"))
                .stateName(name(step, "queries of a wave"))
                .itemsPath("$.queries")
                .itemSelector(java.util.Map.of("runId", JsonPath.stringAt("$.runId"), "query", JsonPath.stringAt("$$.Map.Item.Value")))
                .maxConcurrency(props.config().query().maxConcurrentQueries())
                .resultPath(JsonPath.DISCARD)
                .build();
        queriesOfWave.itemProcessor(start.next(wait).next(status).next(finished));

        Map waves = Map.Builder.create(this, name(step, "waves in order"))
                .stateName(name(step, "waves in order"))
                .itemsPath("$.plan.waves")
                .itemSelector(java.util.Map.of("runId", JsonPath.stringAt("$.runId"), "queries", JsonPath.listAt("$$.Map.Item.Value")))
                // One wave at a time, in order: a wave's queries read the tables of the waves before it.
                .maxConcurrency(1)
                .resultPath(JsonPath.DISCARD)
                .build();
        waves.itemProcessor(queriesOfWave);
        waves.addCatch(onFailure, CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(StateKit.ERROR_PATH).build());
        return planned.next(waves);
    }

    // ---- join ---------------------------------------------------------------------------------

    /**
     * glue:startJobRun.sync: Step Functions waits for the run through Glue's own completion events,
     * so there is no start/status handler pair and no polling loop to pay state transitions for,
     * and a failed Spark job fails the task with Glue's error message.
     *
     * <p>Written as a custom state: CDK's GlueStartJobRun turns a task timeout into the job run's
     * own Timeout argument, overriding the job's configured timeout, and leaves the state without
     * one. Here the job keeps its timeout and the state waits that long plus the start margin.
     */
    private IChainable join(IChainable next) {
        return glueJobRun(name(JOIN, "run Spark join on Glue"), "Spark join on Glue 5.0, waited for with .sync",
                props.join().jobName(), props.join().jobArn(), props.config().join(), "$.join").next(next);
    }

    /** A Glue job run of this run's id, waited for with .sync, with its retry, catch and timeout. */
    private CustomState glueJobRun(String stateName, String comment, String jobName, String jobArn,
                                   InfraConfig.Join capacity, String resultPath) {
        java.util.Map<String, Object> state = new LinkedHashMap<>();
        state.put("Type", "Task");
        state.put("Comment", comment);
        state.put("Resource", "arn:" + Aws.PARTITION + ":states:::glue:startJobRun.sync");
        state.put("Parameters", java.util.Map.of(
                "JobName", jobName,
                "Arguments", java.util.Map.of(GlueJavaJob.RUN_ID_ARGUMENT + ".$", "$.runId")));
        state.put("ResultSelector", java.util.Map.of("jobRunId.$", "$.Id", "state.$", "$.JobRunState"));
        state.put("ResultPath", resultPath);
        state.put("TimeoutSeconds", Duration.minutes(capacity.timeoutMinutes()).plus(JOB_START_MARGIN).toSeconds());
        CustomState run = CustomState.Builder.create(this, stateName).stateJson(state).build();
        run.addRetry(StateKit.retry(TransientErrors.GLUE));
        run.addCatch(kit.failurePath(), CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(StateKit.ERROR_PATH).build());
        customStatePermissions.add(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"))
                .resources(List.of(jobArn))
                .build());
        return run;
    }

    /** The custom states' permissions (Glue runs, the batch transform), given to the state machine's role once it exists. */
    private final List<PolicyStatement> customStatePermissions = new ArrayList<>();

    // ---- train --------------------------------------------------------------------------------

    /**
     * SageMaker training with the built-in XGBoost image (.sync, for the same reasons as the join),
     * then the model is copied to models/<run>/model.tar.gz, where the lake layout (and the local
     * run) keeps it; SageMaker itself writes models/<run>/<job name>/output/model.tar.gz.
     */
    private IChainable train(IChainable next) {
        InfraConfig.Training config = props.registry().config();
        DataLake lake = props.lake();
        String jobName = TrainingAndRegistry.TRAINING_JOB_PREFIX + "{}";
        SageMakerCreateTrainingJob training = SageMakerCreateTrainingJob.Builder.create(this, name(TRAIN, "train XGBoost"))
                .stateName(name(TRAIN, "train XGBoost"))
                .integrationPattern(IntegrationPattern.RUN_JOB)
                .trainingJobName(JsonPath.format(jobName, JsonPath.stringAt("$.runId")))
                // A view of the role that ignores CDK's generated grants: for S3 locations given as JSON
                // expressions it would grant s3 reads and writes on "*". TrainingAndRegistry grants the prefixes.
                .role(props.registry().trainingRole().withoutPolicyUpdates())
                .algorithmSpecification(AlgorithmSpecification.builder()
                        .trainingImage(DockerImage.fromRegistry(props.registry().image().uri()))
                        .trainingInputMode(InputMode.FILE)
                        .build())
                .hyperparameters(new java.util.TreeMap<String, Object>(config.hyperParameters()))
                .inputDataConfig(List.of(channel("train"), channel("validation")))
                .outputDataConfig(OutputDataConfig.builder()
                        .s3OutputLocation(S3Location.fromJsonExpression(
                                "States.Format('" + lake.uri(LakePrefix.MODELS) + "{}/', $.runId)"))
                        .build())
                .resourceConfig(ResourceConfig.builder()
                        // CDK prepends "ml." to the instance type; the configuration names it in full.
                        .instanceType(new InstanceType(config.instanceType().replaceFirst("^ml\\.", "")))
                        .instanceCount(config.instanceCount())
                        .volumeSize(Size.gibibytes(config.volumeSizeGb()))
                        .build())
                .stoppingCondition(StoppingCondition.builder()
                        .maxRuntime(Duration.minutes(config.maxRuntimeMinutes()))
                        .build())
                .resultSelector(java.util.Map.of(
                        "trainingJobName", JsonPath.stringAt("$.TrainingJobName"),
                        "modelArtifacts", JsonPath.stringAt("$.ModelArtifacts.S3ModelArtifacts")))
                .resultPath("$.training")
                .taskTimeout(Timeout.duration(Duration.minutes(config.maxRuntimeMinutes()).plus(JOB_START_MARGIN)))
                .build();

        String modelKeyTemplate = LakePrefix.MODELS.key() + "{}/model.tar.gz";
        CallAwsService publish = CallAwsService.Builder.create(this, name(TRAIN, "publish model.tar.gz"))
                .stateName(name(TRAIN, "publish model.tar.gz"))
                .service("s3")
                .action("copyObject")
                .parameters(java.util.Map.of(
                        "Bucket", lake.bucketName(),
                        "Key", JsonPath.format(modelKeyTemplate, JsonPath.stringAt("$.runId")),
                        "CopySource", JsonPath.format(lake.bucketName() + "/" + LakePrefix.MODELS.key() + "{}/"
                                + TrainingAndRegistry.TRAINING_JOB_PREFIX + "{}/output/model.tar.gz",
                                JsonPath.stringAt("$.runId"), JsonPath.stringAt("$.runId"))))
                .iamAction("s3:PutObject")
                .iamResources(List.of(lake.bucket().arnForObjects(LakePrefix.MODELS.everything())))
                .additionalIamStatements(List.of(lake.readObjects(LakePrefix.MODELS)))
                .resultPath(JsonPath.DISCARD)
                .taskTimeout(Timeout.duration(SDK_CALL_TIMEOUT))
                .build();
        return kit.guard(training, TransientErrors.SAGEMAKER)
                .next(kit.guard(publish, TransientErrors.S3))
                .next(next);
    }

    private Channel channel(String split) {
        return Channel.builder()
                .channelName(split)
                .contentType("text/csv")
                .dataSource(DataSource.builder().s3DataSource(S3DataSource.builder()
                        .s3DataType(S3DataType.S3_PREFIX)
                        .s3DataDistributionType(S3DataDistributionType.FULLY_REPLICATED)
                        .s3Location(S3Location.fromJsonExpression(
                                "States.Format('" + props.lake().uri(LakePrefix.TRAINING) + "{}/" + split + "/', $.runId)"))
                        .build()).build())
                .build();
    }

    // ---- evaluate -----------------------------------------------------------------------------

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
    private IChainable evaluate(IChainable deployStep) {
        TrainingAndRegistry registry = props.registry();
        Parallel scoreAndQuery = Parallel.Builder.create(this, name(EVALUATE, "score validation set and query baselines"))
                .stateName(name(EVALUATE, "score validation set and query baselines"))
                .comment("Independent inputs of the gate: the transform takes minutes, the queries run meanwhile")
                .resultPath(JsonPath.DISCARD)
                .build();
        scoreAndQuery.branch(
                scoreValidationSet(),
                queries(EVALUATE, props.evaluationPlan(), kit.iterationFailed(name(EVALUATE, "baseline queries failed"))));
        scoreAndQuery.addCatch(kit.failurePath(), CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(StateKit.ERROR_PATH).build());

        LambdaInvoke gate = invoke(props.functions().evaluationGate(), name(EVALUATE, "score against baselines and active model"),
                java.util.Map.of("runId", JsonPath.stringAt("$.runId"), "forceDeploy", JsonPath.stringAt("$.forceDeploy")),
                java.util.Map.of("deploy", JsonPath.stringAt("$.Payload.deploy"), "metrics", JsonPath.stringAt("$.Payload.metrics"),
                        "manifestFingerprint", JsonPath.stringAt("$.Payload.manifestFingerprint")),
                "$.evaluation");

        java.util.Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("ModelPackageGroupName", registry.modelPackageGroupName());
        parameters.put("ModelPackageDescription", JsonPath.format("Replenish run {}", JsonPath.stringAt("$.runId")));
        parameters.put("ModelApprovalStatus", JsonPath.stringAt("$.approval"));
        parameters.put("InferenceSpecification", java.util.Map.of(
                "Containers", List.of(modelContainer()),
                "SupportedContentTypes", List.of("text/csv"),
                "SupportedResponseMIMETypes", List.of("text/csv")));
        parameters.put("ModelMetrics", java.util.Map.of("ModelQuality", java.util.Map.of("Statistics", java.util.Map.of(
                "ContentType", "application/json",
                "S3Uri", JsonPath.format(props.lake().uri(LakePrefix.REPORTS) + "{}/metrics.json", JsonPath.stringAt("$.runId"))))));
        parameters.put("CustomerMetadataProperties", java.util.Map.of("runId", JsonPath.stringAt("$.runId")));
        CallAwsService register = CallAwsService.Builder.create(this, name(EVALUATE, "register model package"))
                .stateName(name(EVALUATE, "register model package"))
                .service("sagemaker")
                .action("createModelPackage")
                .parameters(parameters)
                .iamAction("sagemaker:CreateModelPackage")
                .iamResources(List.of(registry.modelPackageGroupArn(), registry.modelPackagesArn()))
                .resultSelector(java.util.Map.of("arn", JsonPath.stringAt("$.ModelPackageArn")))
                .resultPath("$.modelPackage")
                .taskTimeout(Timeout.duration(SDK_CALL_TIMEOUT))
                .build();
        kit.guard(register, TransientErrors.SAGEMAKER);

        Choice deployOrKeep = Choice.Builder.create(this, name(EVALUATE, "deploy?"))
                .stateName(name(EVALUATE, "deploy?"))
                .build()
                .when(Condition.booleanEquals("$.evaluation.deploy", true), deployStep)
                .otherwise(activeModelKept);
        register.next(deployOrKeep);

        Choice better = Choice.Builder.create(this, name(EVALUATE, "better than the active model?"))
                .stateName(name(EVALUATE, "better than the active model?"))
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
        Fail scoringFailed = kit.iterationFailed(name(EVALUATE, "scoring failed"));
        String modelName = endpoint.runtimeNamePrefix() + EVALUATION_NAME_PART + "{}";
        String jobName = TrainingAndRegistry.TRAINING_JOB_PREFIX + EVALUATION_NAME_PART + "{}";

        CallAwsService createModel = sdkCall(name(EVALUATE, "create evaluation model"), "createModel", java.util.Map.of(
                        "ModelName", JsonPath.format(modelName, JsonPath.stringAt("$.runId")),
                        "ExecutionRoleArn", endpoint.evaluationModelRole().getRoleArn(),
                        "PrimaryContainer", modelContainer(),
                        "Tags", runTags()),
                "sagemaker:CreateModel", List.of(endpoint.modelsArn()),
                List.of(tagging(endpoint.modelsArn()), passModelRole(endpoint.evaluationModelRole())), JsonPath.DISCARD);
        kit.guardInIteration(createModel, TransientErrors.SAGEMAKER, scoringFailed);

        java.util.Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("TransformJobName.$", runFormat(jobName));
        parameters.put("ModelName.$", runFormat(modelName));
        parameters.put("BatchStrategy", "MultiRecord");
        parameters.put("MaxPayloadInMB", TRANSFORM_MAX_PAYLOAD_MB);
        parameters.put("TransformInput", java.util.Map.of(
                "DataSource", java.util.Map.of("S3DataSource", java.util.Map.of(
                        "S3DataType", "S3Prefix",
                        "S3Uri.$", runFormat(lake.rootUri() + RunKeys.withRunAs(run -> LakeLayout.training(run, EVALUATION_CSV_SPLIT), "{}")))),
                "ContentType", "text/csv",
                "SplitType", "Line"));
        parameters.put("TransformOutput", java.util.Map.of(
                "S3OutputPath.$", runFormat(lake.rootUri() + RunKeys.withRunAs(LakeLayout::evaluationScores, "{}")),
                "Accept", "text/csv",
                "AssembleWith", "Line"));
        parameters.put("TransformResources", java.util.Map.of(
                "InstanceType", config.transformInstanceType(),
                "InstanceCount", 1));
        parameters.put("DataProcessing", java.util.Map.of(
                "InputFilter", "$[" + EVALUATION_CSV_LEADING_COLUMNS + ":]",
                "JoinSource", "Input",
                "OutputFilter", "$[" + java.util.stream.IntStream.range(0, EVALUATION_CSV_LEADING_COLUMNS)
                        .mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(",")) + ",-1]"));
        parameters.put("Tags", List.of(
                java.util.Map.of("Key", "project", "Value", "replenish"),
                java.util.Map.of("Key", "replenish:run", "Value.$", "$.runId")));
        java.util.Map<String, Object> state = new LinkedHashMap<>();
        state.put("Type", "Task");
        state.put("Comment", "Scores training/<run>/evaluation-csv/ into training/<run>/evaluation-scores/, waited for with .sync");
        state.put("Resource", "arn:" + Aws.PARTITION + ":states:::sagemaker:createTransformJob.sync");
        state.put("Parameters", parameters);
        state.put("ResultSelector", java.util.Map.of("jobName.$", "$.TransformJobName", "status.$", "$.TransformJobStatus"));
        state.put("ResultPath", "$.transform");
        state.put("TimeoutSeconds", Duration.minutes(config.transformMaxRuntimeMinutes()).plus(JOB_START_MARGIN).toSeconds());
        String stateName = name(EVALUATE, "score validation set (batch transform)");
        CustomState transform = CustomState.Builder.create(this, stateName).stateJson(state).build();
        transform.addRetry(StateKit.retry(TransientErrors.SAGEMAKER));
        transform.addCatch(scoringFailed, CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(StateKit.ERROR_PATH).build());

        // What the .sync transform integration needs, as Step Functions documents it, limited to
        // this project's transform jobs (ListTags is also granted on "*" by CDK for the training task).
        customStatePermissions.add(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("sagemaker:CreateTransformJob", "sagemaker:DescribeTransformJob", "sagemaker:StopTransformJob",
                        "sagemaker:AddTags", "sagemaker:ListTags"))
                .resources(List.of(SageMakerArns.of(this, "transform-job",
                        TrainingAndRegistry.TRAINING_JOB_PREFIX + EVALUATION_NAME_PART + "*")))
                .build());
        customStatePermissions.add(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"))
                .resources(List.of(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("events").resource("rule").resourceName("StepFunctionsGetEventsForSageMakerTransformJobsRule")
                        .build())))
                .build());
        return createModel.next(transform);
    }

    /** States.Format of a template with one "{}", the run id (for custom states, which take raw ASL). */
    private static String runFormat(String template) {
        return "States.Format('" + template + "', $.runId)";
    }

    /** The run's model.tar.gz in the built-in XGBoost image: the evaluation model, the registered package, the served model. */
    private java.util.Map<String, Object> modelContainer() {
        java.util.Map<String, Object> container = new LinkedHashMap<>();
        container.put("Image", props.registry().image().uri());
        container.put("ModelDataUrl", JsonPath.format(props.lake().uri(LakePrefix.MODELS) + "{}/model.tar.gz", JsonPath.stringAt("$.runId")));
        return container;
    }

    private Pass approval(String status) {
        String stateName = name(EVALUATE, status.toLowerCase(java.util.Locale.ROOT));
        return Pass.Builder.create(this, stateName)
                .stateName(stateName)
                .result(Result.fromString(status))
                .resultPath("$.approval")
                .build();
    }

    // ---- deploy -------------------------------------------------------------------------------

    /**
     * Endpoint create-or-update through Step Functions' SageMaker SDK integrations rather than a
     * Lambda: each call is a single request with no logic beyond the choice of create or update, and
     * every request is then visible, with its parameters, in the execution history.
     *
     * <p>One model and one endpoint configuration per run ("<endpoint>-<run id>"); the endpoint is
     * created on the first run and updated afterwards, which SageMaker performs blue/green: the new
     * fleet is brought up, traffic moves, the old fleet is removed. If an update rolls back the
     * endpoint ends InService on the old configuration, which is reported as a failure.
     */
    private IChainable deploy(IChainable next) {
        ModelEndpoint endpoint = props.endpoint();
        String prefix = endpoint.runtimeNamePrefix();
        Pass names = Pass.Builder.create(this, name(DEPLOY, "name model and configuration"))
                .stateName(name(DEPLOY, "name model and configuration"))
                .parameters(java.util.Map.of(
                        "modelName", JsonPath.format(prefix + "{}", JsonPath.stringAt("$.runId")),
                        "configName", JsonPath.format(prefix + "{}", JsonPath.stringAt("$.runId"))))
                .resultPath("$.deployment")
                .build();

        java.util.Map<String, Object> container = modelContainer();
        // The API reports which model and which features answered (ModelVersion): it reads these two
        // from the serving model's container environment (SageMakerScorer).
        container.put("Environment", java.util.Map.of(
                ModelEndpoint.RUN_ID_VARIABLE, JsonPath.stringAt("$.runId"),
                ModelEndpoint.MANIFEST_FINGERPRINT_VARIABLE, JsonPath.stringAt("$.evaluation.manifestFingerprint")));
        CallAwsService createModel = sdkCall(name(DEPLOY, "create model"), "createModel", java.util.Map.of(
                        "ModelName", JsonPath.stringAt("$.deployment.modelName"),
                        "ExecutionRoleArn", endpoint.modelRole().getRoleArn(),
                        "PrimaryContainer", container,
                        "Tags", runTags()),
                "sagemaker:CreateModel", List.of(endpoint.modelsArn()), List.of(tagging(endpoint.modelsArn()), passModelRole(endpoint.modelRole())),
                JsonPath.DISCARD);

        CallAwsService createConfig = sdkCall(name(DEPLOY, "create endpoint configuration"), "createEndpointConfig", java.util.Map.of(
                        "EndpointConfigName", JsonPath.stringAt("$.deployment.configName"),
                        "ProductionVariants", List.of(endpoint.productionVariant("$.deployment.modelName")),
                        "Tags", runTags()),
                "sagemaker:CreateEndpointConfig", List.of(endpoint.endpointConfigsArn()),
                List.of(tagging(endpoint.endpointConfigsArn())), JsonPath.DISCARD);

        // Whether the endpoint exists: DescribeEndpoint fails with "Could not find endpoint" when it does not.
        CallAwsService find = sdkCall(name(DEPLOY, "find endpoint"), "describeEndpoint",
                java.util.Map.of("EndpointName", endpoint.name()),
                "sagemaker:DescribeEndpoint", List.of(endpoint.endpointArn()), List.of(), "$.existingEndpoint");
        find.addRetry(StateKit.retry(List.of("SageMaker.ThrottlingException")));
        CallAwsService create = sdkCall(name(DEPLOY, "create endpoint"), "createEndpoint", java.util.Map.of(
                        "EndpointName", endpoint.name(),
                        "EndpointConfigName", JsonPath.stringAt("$.deployment.configName"),
                        "Tags", runTags()),
                "sagemaker:CreateEndpoint", List.of(endpoint.endpointArn(), endpoint.endpointConfigsArn()),
                List.of(tagging(endpoint.endpointArn())), JsonPath.DISCARD);
        java.util.Map<String, Object> updateParameters = new LinkedHashMap<>();
        updateParameters.put("EndpointName", endpoint.name());
        updateParameters.put("EndpointConfigName", JsonPath.stringAt("$.deployment.configName"));
        updateParameters.put("RetainAllVariantProperties", false);
        updateParameters.putAll(endpoint.deploymentConfig());
        CallAwsService update = sdkCall(name(DEPLOY, "update endpoint (blue/green)"), "updateEndpoint", updateParameters,
                "sagemaker:UpdateEndpoint", List.of(endpoint.endpointArn(), endpoint.endpointConfigsArn()), List.of(), JsonPath.DISCARD);
        Choice missing = Choice.Builder.create(this, name(DEPLOY, "endpoint missing?"))
                .stateName(name(DEPLOY, "endpoint missing?"))
                .build()
                .when(Condition.stringMatches("$.endpointLookup.Cause", "*Could not find endpoint*"), create)
                .otherwise(kit.failed(name(DEPLOY, "endpoint lookup failed"), "EndpointLookupFailed", "$.endpointLookup.Cause"));
        find.addCatch(missing, CatchProps.builder().errors(List.of(Errors.TASKS_FAILED)).resultPath("$.endpointLookup").build());
        find.addCatch(kit.failurePath(), CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(StateKit.ERROR_PATH).build());

        Wait wait = Wait.Builder.create(this, name(DEPLOY, "wait for endpoint"))
                .stateName(name(DEPLOY, "wait for endpoint"))
                .time(WaitTime.duration(Duration.seconds(endpoint.config().pollSeconds())))
                .build();
        CallAwsService status = sdkCall(name(DEPLOY, "endpoint status"), "describeEndpoint",
                java.util.Map.of("EndpointName", endpoint.name()),
                "sagemaker:DescribeEndpoint", List.of(endpoint.endpointArn()), List.of(), "$.endpointStatus");
        status.addRetry(StateKit.retry(TransientErrors.SAGEMAKER));
        status.addCatch(kit.failurePath(), CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(StateKit.ERROR_PATH).build());
        Choice settled = Choice.Builder.create(this, name(DEPLOY, "endpoint in service?"))
                .stateName(name(DEPLOY, "endpoint in service?"))
                .build()
                .when(Condition.and(Condition.stringEquals("$.endpointStatus.status", "InService"),
                        Condition.stringEqualsJsonPath("$.endpointStatus.config", "$.deployment.configName")), next)
                .when(Condition.stringEquals("$.endpointStatus.status", "InService"),
                        kit.failed(name(DEPLOY, "update rolled back"), "EndpointRolledBack", "$.endpointStatus.config"))
                .when(Condition.or(Condition.stringEquals("$.endpointStatus.status", "Creating"),
                        Condition.stringEquals("$.endpointStatus.status", "Updating"),
                        Condition.stringEquals("$.endpointStatus.status", "SystemUpdating"),
                        Condition.stringEquals("$.endpointStatus.status", "RollingBack")), wait)
                .otherwise(kit.failed(name(DEPLOY, "endpoint failed"), "EndpointFailed", "$.endpointStatus.status"));

        kit.guard(createModel, TransientErrors.SAGEMAKER);
        kit.guard(createConfig, TransientErrors.SAGEMAKER);
        kit.guard(create, TransientErrors.SAGEMAKER);
        kit.guard(update, TransientErrors.SAGEMAKER);
        create.next(wait);
        update.next(wait);
        wait.next(status).next(settled);
        return names.next(createModel).next(createConfig).next(find).next(update);
    }

    private CallAwsService sdkCall(String stateName, String action, java.util.Map<String, Object> parameters, String iamAction,
                                   List<String> resources, List<PolicyStatement> extraStatements, String resultPath) {
        CallAwsService.Builder builder = CallAwsService.Builder.create(this, stateName)
                .stateName(stateName)
                .service("sagemaker")
                .action(action)
                .parameters(parameters)
                .iamAction(iamAction)
                .iamResources(resources)
                .additionalIamStatements(extraStatements)
                .taskTimeout(Timeout.duration(SDK_CALL_TIMEOUT))
                .resultPath(resultPath);
        if ("describeEndpoint".equals(action)) {
            builder.resultSelector(java.util.Map.of(
                    "status", JsonPath.stringAt("$.EndpointStatus"),
                    "config", JsonPath.stringAt("$.EndpointConfigName")));
        }
        return builder.build();
    }

    /** Runtime resources carry their run id, so clean-up can find them (the README's "Deploy to AWS"). */
    private static List<java.util.Map<String, Object>> runTags() {
        return List.of(
                java.util.Map.of("Key", "project", "Value", "replenish"),
                java.util.Map.of("Key", "replenish:run", "Value", JsonPath.stringAt("$.runId")));
    }

    /** CreateModel hands the model its execution role. */
    private static PolicyStatement passModelRole(software.amazon.awscdk.services.iam.IRole role) {
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("iam:PassRole"))
                .resources(List.of(role.getRoleArn()))
                .conditions(java.util.Map.of("StringEquals", java.util.Map.of("iam:PassedToService", "sagemaker.amazonaws.com")))
                .build();
    }

    private static PolicyStatement tagging(String resourceArn) {
        return PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("sagemaker:AddTags"))
                .resources(List.of(resourceArn))
                .build();
    }

    // ---- load-features ------------------------------------------------------------------------

    /**
     * The feature store refresh as one Glue job run (see FeatureLoadJob for why Glue, not Lambdas):
     * the product catalog and one item per user of the run's inference rows. The job fails when it
     * wrote fewer items than it read. Reached only after a deploy: a rejected model ends the run at
     * the evaluate step, so its features never replace those the active model serves with.
     */
    private IChainable loadFeatures(IChainable next) {
        return glueJobRun(name(LOAD_FEATURES, "load feature store on Glue"),
                "FeatureStoreLoadJob on Glue 5.0: one DynamoDB item per user and the product catalog, waited for with .sync",
                props.featureLoad().jobName(), props.featureLoad().jobArn(), props.config().featureLoad(), "$.featureLoad")
                .next(next);
    }

    // ---- Lambda tasks -------------------------------------------------------------------------

    private LambdaInvoke invoke(JavaFunction function, String stateName, java.util.Map<String, Object> payload,
                                java.util.Map<String, Object> resultSelector, String resultPath) {
        return kit.guard(lambdaTask(function, stateName, payload, resultSelector, resultPath), TransientErrors.LAMBDA);
    }

    private LambdaInvoke invokeInIteration(JavaFunction function, String stateName, java.util.Map<String, Object> payload,
                                           java.util.Map<String, Object> resultSelector, String resultPath, Fail iterationFailed) {
        return kit.guardInIteration(lambdaTask(function, stateName, payload, resultSelector, resultPath),
                TransientErrors.LAMBDA, iterationFailed);
    }

    private LambdaInvoke lambdaTask(JavaFunction function, String stateName, java.util.Map<String, Object> payload,
                                    java.util.Map<String, Object> resultSelector, String resultPath) {
        LambdaInvoke.Builder builder = LambdaInvoke.Builder.create(this, stateName)
                .stateName(stateName)
                .lambdaFunction(function.invocable())
                .payload(TaskInput.fromObject(payload))
                // Retries come from the one policy in StateKit, not from CDK's built-in default.
                .retryOnServiceExceptions(false)
                .resultPath(resultPath)
                .taskTimeout(Timeout.duration(function.timeout().plus(INVOKE_MARGIN)));
        if (resultSelector != null) {
            builder.resultSelector(resultSelector);
        }
        return builder.build();
    }
}
