package dev.replenish.infra.join;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.infra.config.InfraConfig;
import dev.replenish.infra.glue.GlueJavaJob;
import dev.replenish.infra.lake.DataLake;
import dev.replenish.infra.lake.LakePrefix;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.constructs.Construct;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The join step on Glue 5.0 (Spark 3.5, Java 17): the Java Spark job of glue-scripts, started by
 * join_entry.py (see {@link GlueJavaJob}). Reads curated/ and features/, writes training/.
 */
public final class JoinJob extends Construct {

    /** Glue arguments the entry script reads and hands to JoinJob.run(spark, lakeRoot, runId, fraction, candidateSources, missions, latentFactors). */
    public static final String LAKE_ROOT_ARGUMENT = "--lake_root";
    public static final String RUN_ID_ARGUMENT = GlueJavaJob.RUN_ID_ARGUMENT;
    public static final String VALIDATION_FRACTION_ARGUMENT = "--validation_fraction";
    /** The candidate sources the join computes, as ReplenishConfig.CandidateSources' JSON. */
    public static final String CANDIDATE_SOURCES_ARGUMENT = "--candidate_sources";
    /** The shopping missions' settings, as ReplenishConfig.Missions' JSON. */
    public static final String MISSIONS_ARGUMENT = "--missions";
    /** The latent factors' settings, as ReplenishConfig.LatentFactors' JSON. */
    public static final String LATENT_FACTORS_ARGUMENT = "--latent_factors";

    public record Props(InfraConfig.Join config, Path entryScript, Path jobJar, DataLake lake) {
    }

    private final GlueJavaJob glue;

    public JoinJob(Construct scope, String id, Props props) {
        super(scope, id);
        DataLake lake = props.lake();
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put(LAKE_ROOT_ARGUMENT, lake.rootUri());
        // The split follows the same configuration home as the local join.
        arguments.put(VALIDATION_FRACTION_ARGUMENT,
                Double.toString(ReplenishConfig.defaults().join().validationFraction()));
        arguments.put(CANDIDATE_SOURCES_ARGUMENT, ReplenishConfig.defaults().candidateSources().toJson());
        arguments.put(MISSIONS_ARGUMENT, ReplenishConfig.defaults().join().missions().toJson());
        arguments.put(LATENT_FACTORS_ARGUMENT, ReplenishConfig.defaults().join().latentFactors().toJson());
        glue = new GlueJavaJob(this, new GlueJavaJob.Spec(
                "Replenish join job: reads curated and feature tables, writes the training tables",
                "Replenish join: builds train / validation / inference tables and the feature manifest",
                props.entryScript(), props.jobJar(), props.config(), arguments));

        glue.role().addToPolicy(lake.readObjects(LakePrefix.CURATED, LakePrefix.FEATURES, LakePrefix.TRAINING));
        glue.role().addToPolicy(lake.listObjects(LakePrefix.CURATED, LakePrefix.FEATURES, LakePrefix.TRAINING));
        glue.role().addToPolicy(lake.locateBucket());
        // Spark's committer writes temporary objects and deletes them; a re-run replaces the run's tables.
        glue.role().addToPolicy(lake.writeObjects(LakePrefix.TRAINING));
        glue.role().addToPolicy(lake.deleteObjects(LakePrefix.TRAINING));
        // The fitted LDA and ALS models, saved for lineage beside the run's model (Spark lists the
        // folder before replacing it).
        glue.role().addToPolicy(lake.replaceFittedModels());
        glue.role().addToPolicy(lake.listObjects(LakePrefix.MODELS));

        NagSuppressions.addResourceSuppressions(glue.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Object access is limited to the lake's curated/, features/ and training/ prefixes the join "
                        + "reads and writes, the folders of the two models it fits under models/<run>/, and logging "
                        + "to Glue's fixed /aws-glue/jobs/* log groups.")
                .build()), true);
        NagSuppressions.addResourceSuppressions(glue.job(), List.of(
                NagPackSuppression.builder().id("AwsSolutions-GL1")
                        .reason("The join job logs row counts and timings, never rows; a KMS key for those logs adds "
                                + "cost without protecting customer data.")
                        .build(),
                NagPackSuppression.builder().id("AwsSolutions-GL3")
                        .reason("Job bookmarks are disabled (every run rebuilds its tables), so there is no bookmark "
                                + "state to encrypt.")
                        .build()));
    }

    public String jobName() {
        return glue.jobName();
    }

    public String jobArn() {
        return glue.jobArn();
    }
}
