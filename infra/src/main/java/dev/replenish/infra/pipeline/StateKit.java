package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Errors;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Pass;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.TaskStateBase;
import software.amazon.awscdk.services.stepfunctions.TaskInput;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.Wait;
import software.amazon.awscdk.services.stepfunctions.WaitTime;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import dev.replenish.infra.functions.JavaFunction;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * What every step's states share: state names prefixed with the step ("curate: start query"), the
 * retry policy, and the failure path every Catch leads to. Inside a Map iteration or a Parallel
 * branch a Catch cannot leave it, so there it ends the iteration or branch with a Fail carrying the
 * error, and the Map or Parallel state's own Catch takes the failure path.
 */
final class StateKit {

    /** Where a caught error is kept: the failure notification reads Error and Cause from here. */
    static final String ERROR_PATH = "$.error";

    /** Backoff 2 s, 4 s, 8 s, 16 s (jittered, so parallel queries do not retry in lockstep). */
    static final Duration FIRST_RETRY_DELAY = Duration.seconds(2);
    static final double BACKOFF_RATE = 2.0;
    static final int MAX_RETRIES = 4;
    static final Duration MAX_RETRY_DELAY = Duration.seconds(60);

    /** Time for the Lambda service to queue and cold-start a function beyond its own timeout. */
    static final Duration INVOKE_MARGIN = Duration.seconds(30);
    /** A single SDK call (create, describe, update) returns in seconds; a minute means it is stuck. */
    static final Duration SDK_CALL_TIMEOUT = Duration.seconds(60);
    /** Glue queues for workers, SageMaker provisions an instance and pulls the image before the clock they bill starts. */
    static final Duration JOB_START_MARGIN = Duration.minutes(30);

    private final IChainable failurePath;

    StateKit(IChainable failurePath) {
        this.failurePath = failurePath;
    }

    IChainable failurePath() {
        return failurePath;
    }

    static String name(PipelineStep step, String what) {
        return step.id() + ": " + what;
    }

    /** Retry on the transient errors, and anything else (after retries) goes to the failure path. */
    <T extends TaskStateBase> T guard(T task, List<String> transientErrors) {
        task.addRetry(retry(transientErrors));
        task.addCatch(failurePath, CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(ERROR_PATH).build());
        return task;
    }

    /** Inside a Map iteration or a Parallel branch: retry, then end it with a Fail that carries the error. */
    <T extends TaskStateBase> T guardInIteration(T task, List<String> transientErrors, Fail iterationFailed) {
        task.addRetry(retry(transientErrors));
        task.addCatch(iterationFailed, CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(ERROR_PATH).build());
        return task;
    }

    /** The Fail that ends a Map iteration or a Parallel branch with the caught error's name and cause. */
    Fail iterationFailed(Construct scope, String stateName) {
        return Fail.Builder.create(scope, stateName)
                .stateName(stateName)
                .errorPath(ERROR_PATH + ".Error")
                .causePath(ERROR_PATH + ".Cause")
                .build();
    }

    /** A failure found by a Choice (a crawler or endpoint that ended badly): name it, then take the failure path. */
    IChainable failed(Construct scope, String stateName, String error, String causePath) {
        return Pass.Builder.create(scope, stateName)
                .stateName(stateName)
                .parameters(Map.of("Error", error, "Cause", JsonPath.stringAt(causePath)))
                .resultPath(ERROR_PATH)
                .build()
                .next(failurePath);
    }

    /** A step's Lambda task: its retry and catch, a timeout of the function's own plus the invoke margin. */
    LambdaInvoke invoke(Construct scope, JavaFunction function, String stateName, Map<String, Object> payload,
                        Map<String, Object> resultSelector, String resultPath) {
        return guard(lambdaTask(scope, function, stateName, payload, resultSelector, resultPath), TransientErrors.LAMBDA);
    }

    /** A Lambda task inside a Map iteration or a Parallel branch. */
    LambdaInvoke invokeInIteration(Construct scope, JavaFunction function, String stateName, Map<String, Object> payload,
                                   Map<String, Object> resultSelector, String resultPath, Fail iterationFailed) {
        return guardInIteration(lambdaTask(scope, function, stateName, payload, resultSelector, resultPath),
                TransientErrors.LAMBDA, iterationFailed);
    }

    private static LambdaInvoke lambdaTask(Construct scope, JavaFunction function, String stateName, Map<String, Object> payload,
                                           Map<String, Object> resultSelector, String resultPath) {
        LambdaInvoke.Builder builder = LambdaInvoke.Builder.create(scope, stateName)
                .stateName(stateName)
                .lambdaFunction(function.invocable())
                .payload(TaskInput.fromObject(payload))
                // Retries come from the one policy here, not from CDK's built-in default.
                .retryOnServiceExceptions(false)
                .resultPath(resultPath)
                .taskTimeout(Timeout.duration(function.timeout().plus(INVOKE_MARGIN)));
        if (resultSelector != null) {
            builder.resultSelector(resultSelector);
        }
        return builder.build();
    }

    /** A Wait of a configured number of seconds between two polls. */
    static Wait poll(Construct scope, String stateName, int seconds) {
        return Wait.Builder.create(scope, stateName)
                .stateName(stateName)
                .time(WaitTime.duration(Duration.seconds(seconds)))
                .build();
    }

    /** Catch everything into the failure path (for states guarded otherwise, such as custom states). */
    void catchAll(TaskStateBase task) {
        task.addCatch(failurePath, CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(ERROR_PATH).build());
    }

    static RetryProps retry(List<String> transientErrors) {
        return RetryProps.builder()
                .errors(transientErrors)
                .interval(FIRST_RETRY_DELAY)
                .backoffRate(BACKOFF_RATE)
                .maxAttempts(MAX_RETRIES)
                .maxDelay(MAX_RETRY_DELAY)
                .jitterStrategy(JitterType.FULL)
                .build();
    }
}
