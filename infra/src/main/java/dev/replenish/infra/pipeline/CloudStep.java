package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.stepfunctions.IChainable;

import java.util.List;

/**
 * The Step Functions implementation of one {@link PipelineStep}, as local's {@code LocalStep} is the
 * embedded one. A step owns its states, the permissions its states need beyond those CDK grants for
 * its tasks, and the lake keys it names (always through {@code RunKeys} / {@code LakeLayout}).
 * {@link PipelineStateMachine} only chains the steps in {@link PipelineStep} order.
 */
public interface CloudStep {

    PipelineStep step();

    /**
     * The step's states, entered after the step's marker state; a successful pass leaves to {@code next}
     * (the next step's marker, or the run's success), a failure to the run's failure path.
     */
    IChainable states(IChainable next);

    /** What the step's custom states need from the state machine's role (CDK grants its typed tasks' needs itself). */
    default List<PolicyStatement> permissions() {
        return List.of();
    }
}
