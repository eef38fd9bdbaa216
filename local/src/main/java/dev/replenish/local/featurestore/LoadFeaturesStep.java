package dev.replenish.local.featurestore;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.core.registry.ActiveModel;
import dev.replenish.featurestore.BatchWriteSettings;
import dev.replenish.featurestore.LoadCounts;
import dev.replenish.glue.featurestore.FeatureStoreLoadJob;
import dev.replenish.local.UserError;
import dev.replenish.local.join.LocalSpark;
import dev.replenish.local.lake.LocalLake;
import dev.replenish.local.pipeline.LocalStep;
import dev.replenish.local.pipeline.StepContext;
import dev.replenish.local.pipeline.StepResult;
import dev.replenish.local.registry.LocalModelRegistry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The load-features step locally: the Glue load job's own class, into DynamoDB Local.
 *
 * <p>The store is built fresh in a staging folder and swapped in whole at the end: DynamoDB Local
 * commits every item to SQLite on its own, so building on memory-backed storage ({@code /dev/shm},
 * where there is one) is several times faster than on disk, and {@code serve} never sees a half
 * loaded store: until the swap it finds the previous one.
 */
public final class LoadFeaturesStep implements LocalStep {

    /** Memory-backed storage on Linux; elsewhere the staging folder sits beside the store. */
    private static final Path MEMORY_BACKED = Path.of("/dev/shm");

    @Override
    public PipelineStep step() {
        return PipelineStep.LOAD_FEATURES;
    }

    @Override
    public StepResult run(StepContext context) throws IOException {
        requireCompatibleWithActiveModel(context);
        ReplenishConfig.FeatureStore config = context.config().featureStore();
        BatchWriteSettings settings = new BatchWriteSettings(config.callsInFlight(), config.maxAttempts(),
                config.baseBackoffMillis(), config.maxBackoffMillis());
        Path store = LocalDynamoDb.dataDir(context.lakeRoot());
        Path staging = stagingFolder(store);
        long started = System.nanoTime();
        try {
            FeatureStoreLoadJob.Summary summary;
            long written;
            try (LocalDynamoDb dynamo = LocalDynamoDb.startForBulkLoad(staging)) {
                try (DynamoDbClient client = dynamo.target().newClient()) {
                    dynamo.target().createTablesIfMissing(client);
                }
                summary = FeatureStoreLoadJob.run(LocalSpark.session(), context.lakeRoot().toAbsolutePath().toString(),
                        context.runId(), dynamo.target(), settings, config.trimByFeature());
                written = System.nanoTime();
                dynamo.commitBulkLoad();
            }
            long loaded = System.nanoTime();
            double closeSeconds = (loaded - written) / 1e9;
            swapIn(staging.resolve(LocalDynamoDb.DATABASE_FILE), store);
            long done = System.nanoTime();
            double seconds = (done - started) / 1e9;
            double swapSeconds = (done - loaded) / 1e9;
            FeatureStoreLoadJob.PhaseSeconds phases = summary.seconds();
            double startSeconds = seconds - phases.shape() - phases.users() - phases.products() - closeSeconds - swapSeconds;
            LoadCounts users = summary.users();
            return StepResult.of(List.of(
                    String.format("users     read %,d, written %,d, retried %,d; %.1f MB; %,d with recent orders",
                            users.read(), users.written(), users.retried(), users.bytes() / 1e6, summary.usersWithRecentOrders()),
                    summary.missionsColumn()
                            ? String.format("missions  %,d users with their main missions; %d missions named%s",
                                    summary.usersWithMissions(), summary.namedMissions(),
                                    summary.namedMissions() == 0 ? " (the run's missions.json is missing or names none)" : "")
                            : "missions  none: the inference rows predate shopping missions (join the run again to add them)",
                    String.format("products  read %,d, written %,d, retried %,d",
                            summary.products().read(), summary.products().written(), summary.products().retried()),
                    String.format("largest user %,d candidates (%.1f KiB item); %,d users trimmed to the item limit by %s",
                            summary.largestUser(), summary.largestItemKib(), summary.trimmedUsers(), config.trimByFeature()),
                    summary.regrouped() ? "rows      a user's rows were split: regrouped by user (shuffle), read as rows"
                            : "rows      each user's rows together, as the join wrote them: no shuffle; read as "
                            + (summary.columnar() ? "Parquet column batches" : "rows"),
                    String.format("rate      %,.0f items/s over the whole step (%.1f s, Spark included)",
                            (users.written() + summary.products().written()) / seconds, seconds),
                    String.format("time      %.1f s Spark and engine start, %.1f s rows' shape, %.1f s users, %.1f s products,"
                                    + " %.1f s store committed and closed, %.1f s store swapped in",
                            startSeconds, phases.shape(), phases.users(), phases.products(), closeSeconds, swapSeconds),
                    "store     DynamoDB Local, data in " + store),
                    List.of(StepResult.RowCount.in("training/inference users", users.read()),
                            StepResult.RowCount.in("products", summary.products().read()),
                            StepResult.RowCount.out("feature store users", users.written()),
                            StepResult.RowCount.out("feature store products", summary.products().written())));
        } finally {
            LocalLake.deleteRecursively(staging);
        }
    }

    /**
     * Vectors laid out for another feature manifest than the serving model's would be refused by
     * the API (or worse, mis-scored), so such a run does not replace the store.
     */
    private static void requireCompatibleWithActiveModel(StepContext context) throws IOException {
        LocalModelRegistry registry = new LocalModelRegistry(context.lakeRoot());
        Optional<ActiveModel> active = registry.active();
        if (active.isEmpty()) {
            return;
        }
        Path manifestFile = context.lake(LakeLayout.featureManifest(context.runId()));
        if (!Files.exists(manifestFile)) {
            throw new UserError("run " + context.runId() + " has no feature manifest (" + manifestFile + "): run its join step first");
        }
        String runFingerprint = FeatureManifest.fromJson(Files.readString(manifestFile), manifestFile.toString()).fingerprint();
        String modelFingerprint = registry.read(active.get().runId()).featureManifestFingerprint();
        if (!runFingerprint.equals(modelFingerprint)) {
            throw new UserError("the features of run " + context.runId() + " (manifest " + runFingerprint
                    + ") do not fit the active model " + active.get().runId() + " (manifest " + modelFingerprint
                    + "); the feature store keeps serving that model's features. Deploy this run's model first"
                    + " (replenish deploy --force-deploy) if it should serve.");
        }
    }

    private static Path stagingFolder(Path store) throws IOException {
        String name = "replenish-load-" + UUID.randomUUID();
        if (Files.isDirectory(MEMORY_BACKED) && Files.isWritable(MEMORY_BACKED)) {
            return Files.createDirectories(MEMORY_BACKED.resolve(name));
        }
        return Files.createDirectories(store.resolveSibling("." + name));
    }

    /** Copies the finished database next to the store, then renames it over the old one. */
    private static void swapIn(Path database, Path store) throws IOException {
        Files.createDirectories(store);
        Path incoming = store.resolve("." + LocalDynamoDb.DATABASE_FILE + ".incoming");
        StoreCopy.copy(database, incoming);
        Files.deleteIfExists(store.resolve(LocalDynamoDb.DATABASE_FILE + "-journal"));
        Files.move(incoming, store.resolve(LocalDynamoDb.DATABASE_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
