package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import software.amazon.awscdk.services.stepfunctions.IChainable;
import software.constructs.Construct;

/** A step made of SQL queries only: its {@link QueryPlan} as waves of Athena queries, then the next step. */
abstract class QueryStep extends StepConstruct {

    private final QueryPlan plan;
    private final QueryWaves.Settings queries;

    QueryStep(Construct scope, PipelineStep step, StateKit kit, QueryPlan plan, QueryWaves.Settings queries) {
        super(scope, step, kit);
        this.plan = plan;
        this.queries = queries;
    }

    @Override
    public IChainable states(IChainable next) {
        return QueryWaves.of(this, kit, step(), plan, queries, kit.failurePath()).next(next);
    }
}
