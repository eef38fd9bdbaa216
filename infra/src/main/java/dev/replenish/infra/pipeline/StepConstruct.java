package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import software.constructs.Construct;

/** What every cloud step shares: a construct named after its step, holding its states, and the kit they are built with. */
abstract class StepConstruct extends Construct implements CloudStep {

    private final PipelineStep step;
    protected final StateKit kit;

    StepConstruct(Construct scope, PipelineStep step, StateKit kit) {
        super(scope, step.id());
        this.step = step;
        this.kit = kit;
    }

    @Override
    public final PipelineStep step() {
        return step;
    }
}
