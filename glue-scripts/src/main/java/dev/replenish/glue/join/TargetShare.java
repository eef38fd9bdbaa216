package dev.replenish.glue.join;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The one feature the join computes itself: {@value #FEATURE}, the share of training users' target
 * orders that hold the product, "popular at target time". Only users of the training split count,
 * so no validation or test user's target reaches any feature; and a training user's own target is
 * left out of its own row (out of fold: users fall in {@value #FOLDS} folds by a hash of user_id,
 * and a training row reads the other folds only). Validation and test rows read every training
 * user. NULL when no training user is counted (a run without train orders).
 */
final class TargetShare {

    static final String FEATURE = "product_target_share";
    /** The manifest's source for the feature: the join itself, not a feature table. */
    static final String SOURCE = "join";
    static final int FOLDS = 5;
    /** A seed for the fold hash other than the validation split's, so folds cut across it. */
    private static final long FOLD_SEED = 7_919;

    private TargetShare() {
    }

    /**
     * @param rows       candidate rows with user_id, product_id, order_id, split ("train", "validation", "test")
     * @param trainLines the train orders' lines (order_id, product_id): the labels
     */
    static Dataset<Row> addTo(Dataset<Row> rows, Dataset<Row> trainLines) {
        Column fold = pmod(xxhash64(col("user_id"), lit(FOLD_SEED)), lit(FOLDS)).cast("int");
        Dataset<Row> trainingOrders = rows.where(col("split").equalTo("train"))
                .select("user_id", "order_id").distinct().withColumn("fold", fold);
        List<Row> usersPerFold = trainingOrders.groupBy("fold").agg(count(lit(1)).as("users")).collectAsList();
        long[] users = new long[FOLDS];
        long allUsers = 0;
        for (Row row : usersPerFold) {
            users[row.getInt(0)] = row.getLong(1);
            allUsers += row.getLong(1);
        }
        Dataset<Row> perFold = trainLines.select("order_id", "product_id").join(trainingOrders, "order_id")
                .groupBy("product_id", "fold").agg(count(lit(1)).as("in_fold_targets"));
        Dataset<Row> perProduct = perFold.groupBy("product_id").agg(sum("in_fold_targets").as("in_targets"));

        // Training users other than the row's fold (all training users for other rows).
        Column otherUsers = lit(allUsers);
        for (int f = 0; f < FOLDS; f++) {
            otherUsers = when(col("split").equalTo("train").and(col("fold").equalTo(f)), lit(allUsers - users[f])).otherwise(otherUsers);
        }
        Column ownFold = when(col("split").equalTo("train"), coalesce(col("in_fold_targets"), lit(0L))).otherwise(lit(0L));
        Column share = when(otherUsers.gt(0), coalesce(col("in_targets"), lit(0L)).minus(ownFold).cast("double")
                .divide(otherUsers.cast("double")));
        return rows.withColumn("fold", fold)
                .join(perFold, scala(List.of("product_id", "fold")), "left")
                .join(perProduct, scala(List.of("product_id")), "left")
                .withColumn(FEATURE, share)
                .drop("fold", "in_fold_targets", "in_targets");
    }

    private static scala.collection.Seq<String> scala(List<String> columns) {
        return scala.collection.JavaConverters.collectionAsScalaIterableConverter(columns).asScala().toSeq();
    }
}
