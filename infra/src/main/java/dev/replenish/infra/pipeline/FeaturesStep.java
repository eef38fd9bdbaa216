package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import software.constructs.Construct;

/**
 * The feature tables through Athena: one query per SQL file of the features directory, in waves derived
 * from the files themselves (a file naming another feature table runs after it).
 */
final class FeaturesStep extends QueryStep {

    FeaturesStep(Construct scope, StateKit kit, QueryPlan plan, QueryWaves.Settings queries) {
        super(scope, PipelineStep.FEATURES, kit, plan, queries);
    }
}
