package dev.replenish.infra.featurestore;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.glue.GlueJavaJob;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.lake.LakePrefix;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Aws;
import software.constructs.Construct;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load-features step on Glue 5.0: glue-scripts' FeatureStoreLoadJob, started by
 * load_features_entry.py (see {@link GlueJavaJob}). A Glue job rather than Lambdas over Parquet
 * parts because one DynamoDB item holds all of a user's candidates: Spark groups the 8.5 M inference
 * rows by user (a shuffle no Lambda per part can do, since a user's rows span parts) and spreads the
 * BatchWriteItem calls over the workers, with no 15-minute limit per call. Reads training/ (the
 * run's inference table and feature manifest) and curated/ (the product catalog); writes the two
 * feature store tables.
 */
public final class FeatureLoadJob extends Construct {

    /** Glue arguments load_features_entry.py reads; the run id comes with each run. */
    public static final String LAKE_ROOT_ARGUMENT = "--lake_root";
    public static final String FEATURE_TABLE_ARGUMENT = "--feature_table";
    public static final String PRODUCT_TABLE_ARGUMENT = "--product_table";
    public static final String REGION_ARGUMENT = "--feature_store_region";
    public static final String TRIM_BY_ARGUMENT = "--trim_by_feature";
    public static final String CALLS_IN_FLIGHT_ARGUMENT = "--calls_in_flight";
    public static final String MAX_ATTEMPTS_ARGUMENT = "--max_attempts";
    public static final String BASE_BACKOFF_ARGUMENT = "--base_backoff_millis";
    public static final String MAX_BACKOFF_ARGUMENT = "--max_backoff_millis";

    public record Props(InfraConfig.Join config, Path entryScript, Path jobJar, DataLake lake, FeatureStore featureStore) {
    }

    private final GlueJavaJob glue;

    public FeatureLoadJob(Construct scope, String id, Props props) {
        super(scope, id);
        DataLake lake = props.lake();
        FeatureStore store = props.featureStore();
        // Batch sizes, back-off and trimming have one home, core's configuration, shared with the local load.
        ReplenishConfig.FeatureStore settings = ReplenishConfig.defaults().featureStore();
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put(LAKE_ROOT_ARGUMENT, lake.rootUri());
        arguments.put(FEATURE_TABLE_ARGUMENT, store.features().getTableName());
        arguments.put(PRODUCT_TABLE_ARGUMENT, store.productCatalog().getTableName());
        arguments.put(REGION_ARGUMENT, Aws.REGION);
        arguments.put(TRIM_BY_ARGUMENT, settings.trimByFeature());
        arguments.put(CALLS_IN_FLIGHT_ARGUMENT, Integer.toString(settings.callsInFlight()));
        arguments.put(MAX_ATTEMPTS_ARGUMENT, Integer.toString(settings.maxAttempts()));
        arguments.put(BASE_BACKOFF_ARGUMENT, Long.toString(settings.baseBackoffMillis()));
        arguments.put(MAX_BACKOFF_ARGUMENT, Long.toString(settings.maxBackoffMillis()));
        glue = new GlueJavaJob(this, new GlueJavaJob.Spec(
                "Replenish feature load job: reads the run's inference table, the curated catalog and its similar products, writes the feature store",
                "Replenish load-features: one DynamoDB item per user from the run's inference rows, and the product catalog",
                props.entryScript(), props.jobJar(), props.config(), arguments));

        // features/: the run's similar_products table, which rides in the catalog items.
        glue.role().addToPolicy(lake.readObjects(LakePrefix.TRAINING, LakePrefix.CURATED, LakePrefix.FEATURES));
        glue.role().addToPolicy(lake.listObjects(LakePrefix.TRAINING, LakePrefix.CURATED, LakePrefix.FEATURES));
        glue.role().addToPolicy(lake.locateBucket());
        glue.role().addToPolicy(store.loadItems());

        NagSuppressions.addResourceSuppressions(glue.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Object reads are limited to the lake's training/, curated/ and features/ prefixes the feature "
                        + "load reads (the run's inference table, the product catalog, its similar products), and logging to Glue's fixed "
                        + "/aws-glue/jobs/* log groups; DynamoDB writes name the two feature store tables.")
                .build()), true);
        NagSuppressions.addResourceSuppressions(glue.job(), List.of(
                NagPackSuppression.builder().id("AwsSolutions-GL1")
                        .reason("The feature load logs item counts and timings, never feature values; a KMS key for "
                                + "those logs adds cost without protecting customer data.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-GL3")
                        .reason("Job bookmarks are disabled (every run rewrites each user's whole item), so there is "
                                + "no bookmark state to encrypt.")
                        .build()));
    }

    public String jobName() {
        return glue.jobName();
    }

    public String jobArn() {
        return glue.jobArn();
    }
}
