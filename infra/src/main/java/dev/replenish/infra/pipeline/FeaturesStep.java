package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.constructs.Construct;

/**
 * The feature tables through Athena: one query per SQL file of the features directory, in waves derived
 * from the files themselves (a file naming another feature table runs after it).
 */
final class FeaturesStep extends Construct implements CloudStep {

    private static final PipelineStep STEP = PipelineStep.FEATURES;

    private final StateKit kit;
    private final QueryPlan plan;
    private final QueryWaves.Settings queries;

    FeaturesStep(Construct scope, StateKit kit, QueryPlan plan, QueryWaves.Settings queries) {
        super(scope, STEP.id());
        this.kit = kit;
        this.plan = plan;
        this.queries = queries;
    }

    @Override
    public PipelineStep step() {
        return STEP;
    }

    @Override
    public IChainable states(IChainable next) {
        return QueryWaves.of(this, kit, STEP, plan, queries, kit.failurePath()).next(next);
    }
}
