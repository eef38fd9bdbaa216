package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.glue.GlueJavaJob;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.stepfunctions.CustomState;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A step that is one Glue job run of the run's id through glue:startJobRun.sync: Step Functions waits for the run
 * through Glue's own completion events, so there is no start/status pair and no polling loop to pay
 * state transitions for, and a failed Spark job fails the task with Glue's error message.
 *
 * <p>A custom state: CDK's GlueStartJobRun turns a task timeout into the job run's own Timeout
 * argument, overriding the job's configured timeout, and leaves the state without one. Here the job
 * keeps its timeout and the state waits that long plus the start margin.
 */
abstract class GlueJobStep extends StepConstruct {

    private final CustomState run;
    /** What the state machine's role needs to start, watch and stop runs of this job. */
    private final PolicyStatement permission;

    GlueJobStep(Construct scope, PipelineStep step, StateKit kit, String stateName, String comment, String jobName, String jobArn,
                InfraConfig.Join capacity, String resultPath) {
        super(scope, step, kit);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Type", "Task");
        state.put("Comment", comment);
        state.put("Resource", "arn:" + Aws.PARTITION + ":states:::glue:startJobRun.sync");
        state.put("Parameters", Map.of(
                "JobName", jobName,
                "Arguments", Map.of(GlueJavaJob.RUN_ID_ARGUMENT + ".$", "$.runId")));
        state.put("ResultSelector", Map.of("jobRunId.$", "$.Id", "state.$", "$.JobRunState"));
        state.put("ResultPath", resultPath);
        state.put("TimeoutSeconds", Duration.minutes(capacity.timeoutMinutes()).plus(StateKit.JOB_START_MARGIN).toSeconds());
        run = CustomState.Builder.create(this, stateName).stateJson(state).build();
        run.addRetry(StateKit.retry(TransientErrors.GLUE));
        run.addCatch(kit.failurePath(), software.amazon.awscdk.services.stepfunctions.CatchProps.builder()
                .errors(List.of(software.amazon.awscdk.services.stepfunctions.Errors.ALL)).resultPath(StateKit.ERROR_PATH).build());
        permission = PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"))
                .resources(List.of(jobArn))
                .build();
    }

    @Override
    public IChainable states(IChainable next) {
        return run.next(next);
    }

    @Override
    public List<PolicyStatement> permissions() {
        return List.of(permission);
    }
}
