package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.constructs.Construct;

/**
 * Typed, validated Parquet copies of the raw tables through Athena: the curate plan (three statements per
 * table, derived from the data contract) run as waves of queries; rows breaking the contract go to rejects/.
 */
final class CurateStep extends Construct implements CloudStep {

    private static final PipelineStep STEP = PipelineStep.CURATE;

    private final StateKit kit;
    private final QueryPlan plan;
    private final QueryWaves.Settings queries;

    CurateStep(Construct scope, StateKit kit, QueryPlan plan, QueryWaves.Settings queries) {
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
