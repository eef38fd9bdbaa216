package dev.replenish.glue.join;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.missions.MissionProfile;
import dev.replenish.glue.factors.LatentFactors;
import dev.replenish.glue.lake.SparkLake;
import dev.replenish.glue.missions.Missions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

/**
 * The models the join fits on the users' prior purchases, beside the candidates: the shopping
 * missions (Spark MLlib's LDA over prior orders, {@link Missions}) and the latent factors (ALS with
 * implicit feedback on user x product purchase counts, {@link LatentFactors}). Each writes its
 * outputs under the run's prefixes and saves its fitted model under {@code models/<run>/} for
 * lineage; the join then joins what they give like any feature table.
 */
final class PurchaseModels {

    /** The missions' outputs under {@code training/<run>/missions/}. */
    static final String ORDER_MISSIONS = "order-missions";
    static final String USER_MISSIONS = "user-missions";
    /** Feature tables the missions and factors give (their names qualify a clashing column). */
    static final String USER_MISSIONS_TABLE = "user_missions";
    static final String MISSION_AFFINITY_TABLE = "mission_affinity";
    static final String FACTOR_SCORES_TABLE = "latent_factor_scores";
    static final String FACTOR_CANDIDATES_TABLE = "latent_factor_candidates";
    /** training/<run>/latent-factor-candidates/: the factors' explore candidates, joined like a feature table. */
    static final String FACTOR_CANDIDATES = "latent-factor-candidates";

    private PurchaseModels() {
    }

    /** The missions of a run, with the user profiles read back from the lake. */
    record FoundMissions(Missions.FittedMissions fitted, Dataset<Row> userProfiles) {

        /** How many missions were found (K). */
        int count() {
            return fitted.summary().missions().size();
        }

        /** The user feature table: each user's share of orders per mission. */
        FeatureTable userTable() {
            return new FeatureTable(USER_MISSIONS_TABLE, userProfiles, List.of("user_id"), shareColumns());
        }

        /** The user x product feature table: the product's affinity to the user's missions, for these candidates. */
        FeatureTable affinityTable(Dataset<Row> candidates) {
            return new FeatureTable(MISSION_AFFINITY_TABLE, fitted.productAffinity(candidates.select("user_id", "product_id")),
                    List.of("user_id", "product_id"), List.of(Missions.AFFINITY));
        }

        /** user_id and {@value JoinJob#TOP_MISSIONS}: each user's main missions, packed for the feature store. */
        Dataset<Row> topMissions() {
            Column[] shares = shareColumns().stream().map(name -> col(name)).toArray(Column[]::new);
            return userProfiles.select(col("user_id").cast("long").as("user_id"), PACK_TOP.apply(array(shares)).as(JoinJob.TOP_MISSIONS));
        }

        private List<String> shareColumns() {
            List<String> names = new ArrayList<>();
            for (int id = 1; id <= count(); id++) {
                names.add(Missions.shareColumn(id));
            }
            return names;
        }
    }

    private static final UserDefinedFunction PACK_TOP = udf((UDF1<scala.collection.Seq<Double>, byte[]>) shares ->
            MissionProfile.top(scala.collection.JavaConverters.seqAsJavaList(shares)).pack(), DataTypes.BinaryType);

    /**
     * Fits the missions on every prior order and writes each order's mixture, each user's profile,
     * the missions document and the LDA model. Every run does, whether or not the model gets the
     * mission features: profiling customers by mission is an output in its own right.
     */
    static FoundMissions missions(SparkSession spark, SparkLake lake, String runId, ReplenishConfig.Missions settings,
                                  List<FeatureManifest.FittedModel> saved) {
        Dataset<Row> priorOrders = spark.read().parquet(lake.uri(LakeLayout.curated(InstacartTable.ORDERS)))
                .where(col(JoinJob.EVAL_SET).equalTo("prior")).select("order_id", "user_id");
        Dataset<Row> priorLines = spark.read().parquet(lake.uri(LakeLayout.curated(InstacartTable.ORDER_PRODUCTS_PRIOR)))
                .select("order_id", "product_id").join(priorOrders, "order_id");
        Dataset<Row> products = spark.read().parquet(lake.uri(LakeLayout.curated(InstacartTable.PRODUCTS)))
                .select("product_id", "product_name", "aisle_id");
        Dataset<Row> aisles = spark.read().parquet(lake.uri(LakeLayout.curated(InstacartTable.AISLES))).select("aisle_id", "aisle");
        Missions.FittedMissions fitted = Missions.fit(priorLines, products, aisles, settings);

        fitted.orderMixtures().write().mode(SaveMode.Overwrite).parquet(lake.uri(LakeLayout.missions(runId, ORDER_MISSIONS)));
        fitted.userProfiles().write().mode(SaveMode.Overwrite).parquet(lake.uri(LakeLayout.missions(runId, USER_MISSIONS)));
        lake.write(LakeLayout.missionsDocument(runId), fitted.summary().toJson());
        String modelKey = LakeLayout.fittedModel(runId, LakeLayout.MISSIONS_MODEL);
        fitted.saveModel(lake.uri(modelKey));
        saved.add(new FeatureManifest.FittedModel("missions", "LocalLDAModel", modelKey));
        Dataset<Row> profiles = spark.read().parquet(lake.uri(LakeLayout.missions(runId, USER_MISSIONS)));
        return new FoundMissions(fitted, profiles);
    }

    /**
     * Fits the latent factors on the users' prior purchase counts (the features step's
     * {@code user_product_features}: prior orders only, so no target reaches them) and saves the ALS model.
     */
    static LatentFactors.FittedFactors latentFactors(SparkLake lake, String runId, Dataset<Row> purchases,
                                                     ReplenishConfig.LatentFactors settings,
                                                     List<FeatureManifest.FittedModel> saved) {
        LatentFactors.FittedFactors fitted = LatentFactors.fit(purchases, settings);
        String modelKey = LakeLayout.fittedModel(runId, LakeLayout.LATENT_FACTORS_MODEL);
        fitted.saveModel(lake.uri(modelKey));
        saved.add(new FeatureManifest.FittedModel("latent-factors", "ALSModel", modelKey));
        return fitted;
    }

    /** user_id, product_id, times_bought from the features step's user x product table. */
    static Dataset<Row> purchases(Dataset<Row> userProductFeatures) {
        String timesBought = "user_product_times_bought";
        if (!Arrays.asList(userProductFeatures.columns()).contains(timesBought)) {
            throw new IllegalStateException("feature table " + NeighbourSource.VECTORS + " has no column " + timesBought
                    + ": the latent factors need the features step of this version (re-run it)");
        }
        return userProductFeatures.select(col("user_id"), col("product_id"), col(timesBought).as("times_bought"))
                .where(col("times_bought").gt(0));
    }
}
