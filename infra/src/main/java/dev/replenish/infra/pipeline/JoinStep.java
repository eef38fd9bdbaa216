package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.join.JoinJob;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.constructs.Construct;

import java.util.List;

import static dev.replenish.infra.pipeline.StateKit.name;

/** The Spark join (glue-scripts' JoinJob) as one Glue 5.0 job run of the run, waited for with .sync. */
final class JoinStep extends Construct implements CloudStep {

    private static final PipelineStep STEP = PipelineStep.JOIN;

    private final GlueJobRun run;

    JoinStep(Construct scope, StateKit kit, JoinJob join, InfraConfig.Join capacity) {
        super(scope, STEP.id());
        run = GlueJobRun.of(this, kit, name(STEP, "run Spark join on Glue"), "Spark join on Glue 5.0, waited for with .sync",
                join.jobName(), join.jobArn(), capacity, "$.join");
    }

    @Override
    public PipelineStep step() {
        return STEP;
    }

    @Override
    public IChainable states(IChainable next) {
        return run.state().next(next);
    }

    @Override
    public List<PolicyStatement> permissions() {
        return List.of(run.permission());
    }
}
