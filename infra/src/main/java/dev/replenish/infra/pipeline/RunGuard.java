package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.RunId;
import dev.replenish.infra.functions.JavaFunction;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.stepfunctions.CatchProps;
import software.amazon.awscdk.services.stepfunctions.Choice;
import software.amazon.awscdk.services.stepfunctions.Condition;
import software.amazon.awscdk.services.stepfunctions.Errors;
import software.amazon.awscdk.services.stepfunctions.Fail;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.Parallel;
import software.amazon.awscdk.services.stepfunctions.Succeed;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.CallAwsService;
import software.amazon.awscdk.services.stepfunctions.tasks.LambdaInvoke;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/** The state machine's first state, before any step: whether this run may start at all. */
final class RunGuard extends Construct {

    /** The first state's name: a run that may not start stops here, before anything is paid for. */
    static final String NAME = "run guard";

    private final StateKit kit;
    /** The run guard function: core's {@link RunId} rule for the execution's name. */
    private final JavaFunction checker;

    RunGuard(Construct scope, String id, StateKit kit, JavaFunction checker) {
        super(scope, id);
        this.kit = kit;
        this.checker = checker;
    }

    /**
     * The first state, a Parallel of two checks, so that a run that may not start stops in it with a
     * clear cause and nothing paid for: the run id follows core's {@link RunId} rule (a Lambda: ASL
     * cannot match a pattern), and no other execution of this state machine is running (each run
     * drops and recreates the shared catalog and curated/ tables, so two must not overlap).
     * ListExecutions returns the newest first; this execution is one of them, so a second RUNNING one
     * among the first two means another run.
     */
    Parallel state() {
        Parallel guard = Parallel.Builder.create(this, NAME)
                .stateName(NAME)
                .comment("Refuse a run id SageMaker would refuse, and a run while another one runs")
                .resultPath(JsonPath.DISCARD)
                .build();

        Fail runIdRefused = Fail.Builder.create(this, "run id refused")
                .stateName("run id refused")
                .error("InvalidRunId")
                .causePath("$.runIdCheck.reason")
                .build();
        Fail checkFailed = kit.iterationFailed(this, "run id check failed");
        LambdaInvoke checkRunId = kit.invokeInIteration(this, checker, "check run id",
                Map.of("runId", JsonPath.stringAt("$$.Execution.Name")),
                Map.of("accepted", JsonPath.stringAt("$.Payload.accepted"), "reason", JsonPath.stringAt("$.Payload.reason")),
                "$.runIdCheck", checkFailed);
        checkRunId.next(Choice.Builder.create(this, "run id accepted?").stateName("run id accepted?").build()
                .when(Condition.booleanEquals("$.runIdCheck.accepted", true),
                        Succeed.Builder.create(this, "run id accepted").stateName("run id accepted").build())
                .otherwise(runIdRefused));

        String ownArn = Stack.of(this).formatArn(ArnComponents.builder()
                .service("states").resource("stateMachine").resourceName(PipelineStateMachine.NAME).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
        CallAwsService running = CallAwsService.Builder.create(this, "list running executions")
                .stateName("list running executions")
                .service("sfn")
                .action("listExecutions")
                .parameters(Map.of("StateMachineArn", JsonPath.stringAt("$$.StateMachine.Id"), "StatusFilter", "RUNNING", "MaxResults", 2))
                // The state machine's own ARN, spelled out: a reference to it would make the role's policy depend on the state machine.
                .iamAction("states:ListExecutions")
                .iamResources(List.of(ownArn))
                .resultSelector(Map.of("running", JsonPath.arrayLength(JsonPath.listAt("$.Executions"))))
                .resultPath("$.executions")
                .taskTimeout(Timeout.duration(StateKit.SDK_CALL_TIMEOUT))
                .build();
        kit.guardInIteration(running, TransientErrors.STEP_FUNCTIONS, kit.iterationFailed(this, "listing executions failed"));
        running.next(Choice.Builder.create(this, "another run running?").stateName("another run running?").build()
                .when(Condition.numberGreaterThan("$.executions.running", 1), Fail.Builder.create(this, "another run is running")
                        .stateName("another run is running")
                        .error("RunAlreadyRunning")
                        .cause("Another execution of " + PipelineStateMachine.NAME + " is running. Runs share the catalog and the curated/ "
                                + "tables, so only one runs at a time: start this one again when the other has finished.")
                        .build())
                .otherwise(Succeed.Builder.create(this, "no other run").stateName("no other run").build()));

        guard.branch(checkRunId, running);
        guard.addCatch(Fail.Builder.create(this, "run refused")
                .stateName("run refused")
                .errorPath(StateKit.ERROR_PATH + ".Error")
                .causePath(StateKit.ERROR_PATH + ".Cause")
                .build(), CatchProps.builder().errors(List.of(Errors.ALL)).resultPath(StateKit.ERROR_PATH).build());
        return guard;
    }
}
