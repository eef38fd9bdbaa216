package dev.replenish.infra.pipeline;

import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.join.JoinJob;
import software.constructs.Construct;

import static dev.replenish.infra.pipeline.StateKit.name;

/** The Spark join (glue-scripts' JoinJob) as one Glue 5.0 job run of the run, waited for with .sync. */
final class JoinStep extends GlueJobStep {

    JoinStep(Construct scope, StateKit kit, JoinJob join, InfraConfig.Join capacity) {
        super(scope, PipelineStep.JOIN, kit, name(PipelineStep.JOIN, "run Spark join on Glue"),
                "Spark join on Glue 5.0, waited for with .sync", join.jobName(), join.jobArn(), capacity, "$.join");
    }
}
