package dev.replenish.local.pipeline;

import dev.replenish.core.pipeline.PipelineStep;

/** The embedded-engine implementation of one {@link PipelineStep}. */
public interface LocalStep {

    PipelineStep step();

    /**
     * Runs the step. Throws {@link dev.replenish.local.UserError} for a cause the user can fix;
     * the runner stops there and names the step.
     */
    StepResult run(StepContext context) throws Exception;
}
