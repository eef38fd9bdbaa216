package dev.replenish.glue.join;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The features the join computes itself from the training users' target orders, "what is bought
 * at target time":
 * <ul>
 *   <li>{@value #FEATURE}: the share of training users' target orders that hold the product;</li>
 *   <li>{@value #REPEAT_RATE}: of the training users who bought it before, the share whose target
 *       holds it again;</li>
 *   <li>{@value #EXPLORE_RATE}: of the training users who never bought it, the share whose target
 *       holds it.</li>
 * </ul>
 * Only users of the training split count, so no validation or test user's target reaches any
 * feature; and a training user's own target is left out of its own row (out of fold: users fall
 * in {@value #FOLDS} folds by a hash of user_id, and a training row reads the other folds only).
 * Validation and test rows read every training user. NULL when no training user is counted.
 */
final class TargetShare {

    static final String FEATURE = "product_target_share";
    static final String REPEAT_RATE = "product_target_repeat_rate";
    static final String EXPLORE_RATE = "product_target_explore_rate";
    /** The three, in the manifest's order. */
    static final List<String> FEATURES = List.of(FEATURE, REPEAT_RATE, EXPLORE_RATE);
    /** The target-popular candidate source's flag and rank (see {@link #popularCandidates}). */
    static final String FROM_TARGET_POPULAR = "candidate_from_target_popular";
    static final String TARGET_POPULAR_RANK = "candidate_target_popular_rank";
    /** The manifest's source for these features: the join itself, not a feature table. */
    static final String SOURCE = "join";
    static final int FOLDS = 5;
    /** A seed for the fold hash other than the validation split's, so folds cut across it. */
    private static final long FOLD_SEED = 7_919;

    private TargetShare() {
    }

    /**
     * @param rows       candidate rows with user_id, product_id, order_id, split ("train",
     *                   "validation", "test"), label, and repeat (1 when the user bought the product before)
     * @param trainLines the train orders' lines (order_id, product_id): the labels
     */
    static Dataset<Row> addTo(Dataset<Row> rows, Dataset<Row> trainLines) {
        Column fold = foldOf();
        Dataset<Row> trainingOrders = rows.where(col("split").equalTo("train"))
                .select("user_id", "order_id").distinct().withColumn("fold", fold);
        List<Row> usersPerFold = trainingOrders.groupBy("fold").agg(count(lit(1)).as("users")).collectAsList();
        long[] users = new long[FOLDS];
        long allUsers = 0;
        for (Row row : usersPerFold) {
            users[row.getInt(0)] = row.getLong(1);
            allUsers += row.getLong(1);
        }
        Dataset<Row> targetsPerFold = trainLines.select("order_id", "product_id").join(trainingOrders, "order_id")
                .groupBy("product_id", "fold").agg(count(lit(1)).as("fold_targets"));
        Dataset<Row> holdersPerFold = rows.where(col("split").equalTo("train").and(col("repeat").equalTo(1)))
                .withColumn("fold", fold)
                .groupBy("product_id", "fold").agg(count(lit(1)).as("fold_holders"), sum(col("label")).as("fold_repeats"));
        Dataset<Row> perFold = targetsPerFold.join(holdersPerFold, scala(List.of("product_id", "fold")), "full_outer")
                .na().fill(0L, new String[] {"fold_targets", "fold_holders", "fold_repeats"});
        Dataset<Row> perProduct = perFold.groupBy("product_id").agg(
                sum("fold_targets").as("all_targets"), sum("fold_holders").as("all_holders"), sum("fold_repeats").as("all_repeats"));

        // Training users other than the row's fold (all training users for other rows).
        Column otherUsers = lit(allUsers);
        for (int f = 0; f < FOLDS; f++) {
            otherUsers = when(col("split").equalTo("train").and(col("fold").equalTo(f)), lit(allUsers - users[f])).otherwise(otherUsers);
        }
        Column targets = other("targets");
        Column holders = other("holders");
        Column repeats = other("repeats");
        // Both tables hold at most one row per product and fold: broadcast, so the candidate table
        // keeps its partitioning by user (Spark's estimate cannot know their size before running them).
        return rows.withColumn("fold", fold)
                .join(broadcast(perFold), scala(List.of("product_id", "fold")), "left")
                .join(broadcast(perProduct), scala(List.of("product_id")), "left")
                .withColumn(FEATURE, when(otherUsers.gt(0), targets.cast("double").divide(otherUsers.cast("double"))))
                .withColumn(REPEAT_RATE, when(holders.gt(0), repeats.cast("double").divide(holders.cast("double"))))
                .withColumn(EXPLORE_RATE, when(otherUsers.minus(holders).gt(0),
                        targets.minus(repeats).cast("double").divide(otherUsers.minus(holders).cast("double"))))
                .drop("fold", "fold_targets", "fold_holders", "fold_repeats", "all_targets", "all_holders", "all_repeats");
    }

    /**
     * The target-popular candidate source: every user is proposed the {@code count} products most
     * often in training users' target orders (ties by smaller id), as (user_id, product_id,
     * popular_rank). A training user reads a list counted without their own fold, so their own
     * target never chooses their candidates; validation and test users read every training user.
     *
     * @param users      user_id, order_id and split of every user with a train or test order
     * @param trainLines the train orders' lines (order_id, product_id)
     */
    static Dataset<Row> popularCandidates(Dataset<Row> users, Dataset<Row> trainLines, int count) {
        Dataset<Row> trainingOrders = users.where(col("split").equalTo("train")).select(col("order_id"), foldOf().as("fold"));
        List<Row> perFold = trainLines.select("order_id", "product_id").join(trainingOrders, "order_id")
                .groupBy("product_id", "fold").agg(count(lit(1)).as("targets")).collectAsList();
        Map<Long, long[]> counts = new TreeMap<>();
        for (Row row : perFold) {
            counts.computeIfAbsent(((Number) row.get(0)).longValue(), p -> new long[FOLDS])[row.getInt(1)] += row.getLong(2);
        }
        // List -1 counts every training user (validation and test users read it); list f leaves fold f out.
        List<Row> lists = new ArrayList<>();
        for (int list = -1; list < FOLDS; list++) {
            int leftOut = list;
            List<Map.Entry<Long, Long>> ranked = new ArrayList<>();
            counts.forEach((product, folds) -> {
                long targets = Arrays.stream(folds).sum() - (leftOut >= 0 ? folds[leftOut] : 0);
                if (targets > 0) {
                    ranked.add(Map.entry(product, targets));
                }
            });
            ranked.sort(Map.Entry.<Long, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            for (int rank = 0; rank < Math.min(count, ranked.size()); rank++) {
                lists.add(RowFactory.create(list, ranked.get(rank).getKey(), (long) rank + 1));
            }
        }
        StructType schema = new StructType().add("list", DataTypes.IntegerType).add("product_id", DataTypes.LongType)
                .add("popular_rank", DataTypes.LongType);
        Dataset<Row> ranked = users.sparkSession().createDataFrame(lists, schema);
        return users.withColumn("list", when(col("split").equalTo("train"), foldOf()).otherwise(lit(-1)))
                .join(ranked, "list")
                .select("user_id", "product_id", "popular_rank");
    }

    private static Column foldOf() {
        return pmod(xxhash64(col("user_id"), lit(FOLD_SEED)), lit(FOLDS)).cast("int");
    }

    /** A count over the training users other than the row's own fold (every one for a non-training row). */
    private static Column other(String what) {
        Column own = when(col("split").equalTo("train"), coalesce(col("fold_" + what), lit(0L))).otherwise(lit(0L));
        return coalesce(col("all_" + what), lit(0L)).minus(own);
    }

    private static scala.collection.Seq<String> scala(List<String> columns) {
        return scala.collection.JavaConverters.collectionAsScalaIterableConverter(columns).asScala().toSeq();
    }
}
