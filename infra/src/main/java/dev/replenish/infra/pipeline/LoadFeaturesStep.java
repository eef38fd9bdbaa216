package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.featurestore.FeatureLoadJob;
import software.constructs.Construct;

import static dev.replenish.infra.pipeline.StateKit.name;

/**
 * The feature store refresh as one Glue job run (see FeatureLoadJob for why Glue, not Lambdas):
 * the product catalog and one item per user of the run's inference rows. The job fails when it
 * wrote fewer items than it read. Reached only after a deploy: a rejected model ends the run at
 * the evaluate step, so its features never replace those the active model serves with.
 */
final class LoadFeaturesStep extends GlueJobStep {

    LoadFeaturesStep(Construct scope, StateKit kit, FeatureLoadJob featureLoad, InfraConfig.Join capacity) {
        super(scope, PipelineStep.LOAD_FEATURES, kit, name(PipelineStep.LOAD_FEATURES, "load feature store on Glue"),
                "FeatureStoreLoadJob on Glue 5.0: one DynamoDB item per user and the product catalog, waited for with .sync",
                featureLoad.jobName(), featureLoad.jobArn(), capacity, "$.featureLoad");
    }
}
