package dev.replenish.local.featurestore;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.featurestore.BatchWriteSettings;
import dev.replenish.featurestore.LoadCounts;
import dev.replenish.glue.featurestore.FeatureStoreLoadJob;
import dev.replenish.local.join.LocalSpark;
import dev.replenish.local.pipeline.LocalStep;
import dev.replenish.local.pipeline.StepContext;
import dev.replenish.local.pipeline.StepResult;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;

/** The load-features step locally: the Glue load job's own class, into DynamoDB Local. */
public final class LoadFeaturesStep implements LocalStep {

    @Override
    public PipelineStep step() {
        return PipelineStep.LOAD_FEATURES;
    }

    @Override
    public StepResult run(StepContext context) {
        ReplenishConfig.FeatureStore config = context.config().featureStore();
        BatchWriteSettings settings = new BatchWriteSettings(config.callsInFlight(), config.maxAttempts(),
                config.baseBackoffMillis(), config.maxBackoffMillis());
        long started = System.nanoTime();
        try (LocalDynamoDb dynamo = LocalDynamoDb.start(context.lakeRoot())) {
            try (DynamoDbClient client = dynamo.target().newClient()) {
                dynamo.target().createTablesIfMissing(client);
            }
            FeatureStoreLoadJob.Summary summary = FeatureStoreLoadJob.run(LocalSpark.session(),
                    context.lakeRoot().toAbsolutePath().toString(), context.runId(), dynamo.target(), settings,
                    config.trimByFeature());
            double seconds = (System.nanoTime() - started) / 1e9;
            LoadCounts users = summary.users();
            return StepResult.of(List.of(
                    String.format("users     read %,d, written %,d, retried %,d; %.1f MB, %,.0f items/s",
                            users.read(), users.written(), users.retried(), users.bytes() / 1e6, users.written() / seconds),
                    String.format("products  read %,d, written %,d, retried %,d",
                            summary.products().read(), summary.products().written(), summary.products().retried()),
                    String.format("largest user %,d candidates (%.1f KiB item); %,d users trimmed to the item limit by %s",
                            summary.largestUser(), summary.largestItemKib(), summary.trimmedUsers(), config.trimByFeature()),
                    "store     DynamoDB Local, data in " + context.lake("dynamodb/")));
        }
    }
}
