package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.endpoint.ModelEndpoint;
import dev.replenish.infra.featurestore.FeatureLoadJob;
import dev.replenish.infra.functions.RoleDependency;
import dev.replenish.infra.join.JoinJob;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.logs.LogGroups;
import dev.replenish.infra.training.TrainingAndRegistry;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.Errors;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.Parallel;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.Result;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.SnsPublish;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The pipeline as a Step Functions state machine, assembled from one {@link CloudStep} per entry of
 * core's {@link PipelineStep} list, the same list the local runner walks: each step opens with a
 * marker state named after it (which also records the current step for the failure notification),
 * followed by that step's states. The steps own their states, permissions and lake keys; this class
 * only adds what every run shares: the run guard, the run's input, and the failure path.
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

    /**
     * @param evaluationPlan the evaluate step's baseline queries, run by the same query handlers as curate and features
     */
    public record Props(InfraConfig config, DataLake lake, PipelineFunctions functions, JoinJob join,
                        FeatureLoadJob featureLoad, TrainingAndRegistry registry, ModelEndpoint endpoint, FailureAlerts alerts,
                        QueryPlan curatePlan, QueryPlan featurePlan, QueryPlan evaluationPlan) {
    }

    private final Props props;
    private final StateMachine stateMachine;

    public PipelineStateMachine(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        StateKit kit = new StateKit(failurePath());
        List<CloudStep> steps = steps(kit);

        // Built back to front, each step handed the state that follows it.
        IChainable next = Succeed.Builder.create(this, "run succeeded").stateName("run succeeded").build();
        List<CloudStep> backwards = new ArrayList<>(steps);
        Collections.reverse(backwards);
        for (CloudStep step : backwards) {
            next = marker(step.step()).next(step.states(next));
        }
        IChainable start = new RunGuard(this, "RunGuard", kit, props.functions().runGuard()).state().next(startRun(next));

        LogGroup logs = LogGroups.named(this, "Logs", "/aws/vendedlogs/states/" + NAME, props.config().logs().retentionDays());
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineName(NAME)
                .stateMachineType(StateMachineType.STANDARD)
                .comment("Replenish: " + String.join(" -> ", Arrays.stream(PipelineStep.values()).map(PipelineStep::id).toList()))
                .definitionBody(DefinitionBody.fromChainable(start))
                .timeout(Duration.hours(props.config().pipeline().timeoutHours()))
                .tracingEnabled(true)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(true).build())
                .build();
        steps.forEach(step -> step.permissions().forEach(stateMachine::addToRolePolicy));
        RoleDependency.onPolicyOnly(stateMachine, (Role) stateMachine.getRole());

        NagSuppressions.addResourceSuppressions(stateMachine, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Generated for Step Functions' documented integrations. X-Ray and log delivery calls take no "
                        + "resource. Lambda invokes cover each function's versions (<function arn>:*). For the .sync "
                        + "training task CDK grants sagemaker:CreateTrainingJob, DescribeTrainingJob, StopTrainingJob "
                        + "and AddTags on training-job/* (the job is named per run, replenish-<run id>, so its ARN is "
                        + "known only at run time), sagemaker:ListTags on any resource, and the events rule Step "
                        + "Functions uses to learn that the job finished. Models, endpoint configurations, model "
                        + "packages and the evaluation's transform jobs are named per run under this project's "
                        + "prefixes (<endpoint>-*, replenish-eval-*).")
                .build()), true);
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    /** One cloud step per core step, in core's order: the only place that knows which class implements which. */
    private List<CloudStep> steps(StateKit kit) {
        InfraConfig config = props.config();
        PipelineFunctions functions = props.functions();
        QueryWaves.Settings queries = new QueryWaves.Settings(functions.startQuery(), functions.queryStatus(),
                config.query().pollSeconds(), config.query().maxConcurrentQueries());
        List<CloudStep> steps = new ArrayList<>();
        for (PipelineStep step : PipelineStep.values()) {
            steps.add(switch (step) {
                case CATALOG -> new CatalogStep(this, kit, functions.crawler(), config.catalog().crawlerPollSeconds());
                case CURATE -> new CurateStep(this, kit, props.curatePlan(), queries);
                case FEATURES -> new FeaturesStep(this, kit, props.featurePlan(), queries);
                case JOIN -> new JoinStep(this, kit, props.join(), config.join());
                case TRAIN -> new TrainStep(this, kit, props.registry(), props.lake());
                case EVALUATE -> new EvaluateStep(this, kit, new EvaluateStep.Props(props.lake(), props.registry(),
                        props.endpoint(), functions.evaluationGate(), props.evaluationPlan(), queries));
                case DEPLOY -> new DeployStep(this, kit, props.endpoint(), props.registry().image(), props.lake());
                case LOAD_FEATURES -> new LoadFeaturesStep(this, kit, props.featureLoad(), config.featureLoad());
            });
        }
        return steps;
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
                .parameters(Map.of("runId", JsonPath.stringAt("$$.Execution.Name"), "input", JsonPath.getEntirePayload()))
                .build();
        Pass forced = Pass.Builder.create(this, "deploy forced as the input asks")
                .stateName("deploy forced as the input asks")
                .parameters(Map.of("runId", JsonPath.stringAt("$.runId"), "forceDeploy", JsonPath.stringAt("$.input.forceDeploy")))
                .build();
        Pass gated = Pass.Builder.create(this, "deploy only a better model")
                .stateName("deploy only a better model")
                .parameters(Map.of("runId", JsonPath.stringAt("$.runId"), "forceDeploy", false))
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
        return Pass.Builder.create(this, step.id() + " marker")
                .stateName(step.id())
                .comment(step.purpose())
                .result(Result.fromString(step.id()))
                .resultPath("$.currentStep")
                .build();
    }

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
                .message(TaskInput.fromObject(Map.of(
                        "runId", JsonPath.stringAt("$.runId"),
                        "step", JsonPath.stringAt("$.currentStep"),
                        "error", JsonPath.stringAt(StateKit.ERROR_PATH + ".Error"),
                        "cause", JsonPath.stringAt(StateKit.ERROR_PATH + ".Cause"))))
                .resultPath(JsonPath.DISCARD)
                .taskTimeout(Timeout.duration(StateKit.SDK_CALL_TIMEOUT))
                .build();
        notify.addRetry(StateKit.retry(TransientErrors.SNS));
        // If even the notification fails, the run still fails with its original error.
        notify.addCatch(runFailed, CatchProps.builder().errors(List.of(Errors.ALL)).resultPath("$.notificationError").build());
        return notify.next(runFailed);
    }
}
