package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import software.constructs.Construct;

/**
 * Typed, validated Parquet copies of the raw tables through Athena: the curate plan (three statements per
 * table, derived from the data contract) run as waves of queries; rows breaking the contract go to rejects/.
 */
final class CurateStep extends QueryStep {

    CurateStep(Construct scope, StateKit kit, QueryPlan plan, QueryWaves.Settings queries) {
        super(scope, PipelineStep.CURATE, kit, plan, queries);
    }
}
