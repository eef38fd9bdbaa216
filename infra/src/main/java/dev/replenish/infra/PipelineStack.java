package dev.replenish.infra;

import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.endpoint.ModelEndpoint;
import dev.replenish.infra.featurestore.FeatureLoadJob;
import dev.replenish.infra.join.JoinJob;
import dev.replenish.infra.pipeline.FailureAlerts;
import dev.replenish.infra.pipeline.PipelineFunctions;
import dev.replenish.infra.pipeline.PipelineStateMachine;
import dev.replenish.infra.pipeline.PipelineTriggers;
import dev.replenish.infra.pipeline.QueryPlan;
import dev.replenish.infra.training.TrainingAndRegistry;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** What runs the pipeline: its functions, the Glue join and feature load, training and registry, the endpoint role, the state machine and its triggers. */
public final class PipelineStack extends Stack {

    private final PipelineStateMachine pipeline;

    public PipelineStack(Construct scope, String id, StackProps props, InfraConfig config, DataStack data) {
        super(scope, id, props);
        TrainingAndRegistry registry = new TrainingAndRegistry(this, "Training",
                new TrainingAndRegistry.Props(config.training(), data.lake()));
        // Before the functions: the evaluation gate reads which model the endpoint serves.
        ModelEndpoint endpoint = new ModelEndpoint(this, "Endpoint",
                new ModelEndpoint.Props(config.endpoint(), data.lake(), registry.image()));
        JoinJob join = new JoinJob(this, "Join", new JoinJob.Props(
                config.join(), config.artifacts().glueEntryScript(), config.artifacts().glueJobJar(), data.lake()));
        FeatureLoadJob featureLoad = new FeatureLoadJob(this, "FeatureLoad", new FeatureLoadJob.Props(
                config.featureLoad(), config.artifacts().featureLoadEntryScript(), config.artifacts().glueJobJar(),
                data.lake(), data.featureStore()));
        PipelineFunctions functions = new PipelineFunctions(this, "Functions", new PipelineFunctions.Props(
                config.artifacts().lambdaJarDir(), config, data.lake(), data.catalog(), data.workgroup(), endpoint));
        FailureAlerts alerts = new FailureAlerts(this, "Alerts", new FailureAlerts.Props(config.pipeline().alertEmail()));
        pipeline = new PipelineStateMachine(this, "Pipeline", new PipelineStateMachine.Props(
                config, data.lake(), functions, join, featureLoad, registry, endpoint, alerts,
                QueryPlan.curate(), QueryPlan.features(config.artifacts().sqlDir()), QueryPlan.evaluation()));
        new PipelineTriggers(this, "Triggers", new PipelineTriggers.Props(
                data.lake(), config.catalog().rawDataMarker(), config.pipeline().schedule(), pipeline.stateMachine()));

        CfnOutput.Builder.create(this, "StateMachineArn")
                .description("Start a run: aws stepfunctions start-execution --state-machine-arn <this>")
                .value(pipeline.stateMachine().getStateMachineArn())
                .build();
        CfnOutput.Builder.create(this, "FailureTopicArn")
                .description("Failed runs are published here: subscribe to be told")
                .value(alerts.topic().getTopicArn())
                .build();
    }

    public PipelineStateMachine pipeline() {
        return pipeline;
    }
}
