package dev.replenish.glue.join;

import dev.replenish.core.featurestore.OrderHistory;
import dev.replenish.core.featurestore.PastOrder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;

/**
 * Each user's latest prior orders for the feature store, carried by the inference table: the
 * features step's {@value #TABLE} rows of a user, packed by {@link OrderHistory#pack()} into one
 * binary value ({@value #COLUMN}) on one of the user's inference rows, so the load, which reads each
 * user's rows together and without a shuffle, finds them there. One row per user rather than every
 * row: the value is a few hundred bytes and a user has about 40 candidate rows.
 */
final class RecentOrders {

    /** The features step's table: one row per (user, one of the user's latest prior orders). */
    static final String TABLE = "user_recent_orders";
    /** The inference column holding the packed history. */
    static final String COLUMN = "recent_orders";

    private static final UserDefinedFunction PACK = udf((UDF2<Long, scala.collection.Seq<Row>, byte[]>) RecentOrders::pack,
            DataTypes.BinaryType);

    private RecentOrders() {
    }

    /**
     * One row per user who has candidates and prior orders: user_id, the user's smallest candidate
     * product_id (the row that carries the value) and the packed orders. Grouped by user_id, like
     * the candidates, so joining it to them on (user_id, product_id) moves only these rows.
     *
     * @param candidates the candidate rows (user_id, product_id, ...), hashed by user_id
     * @param orders     the {@value #TABLE} rows
     */
    static Dataset<Row> onFirstRowOfEachUser(Dataset<Row> candidates, Dataset<Row> orders) {
        Dataset<Row> firstRows = candidates.groupBy("user_id").agg(min(col("product_id")).as("product_id"));
        return firstRows.join(packed(orders), "user_id");
    }

    /** user_id and {@value #COLUMN}: each user's rows of the {@value #TABLE} table, packed, latest order first. */
    static Dataset<Row> packed(Dataset<Row> orders) {
        // Cast to the types pack() reads: DuckDB and Athena write the same SQL's integers as BIGINT or INTEGER alike.
        return orders.groupBy(col("user_id").cast("long").as("user_id"))
                .agg(collect_list(struct(col("order_id").cast("long"), col("order_number").cast("int"),
                        col("order_dow").cast("int"), col("order_hour_of_day").cast("int"),
                        col("days_since_prior_order").cast("double"), col("product_ids").cast("array<bigint>"))).as("orders"))
                .select(col("user_id"), PACK.apply(col("user_id"), col("orders")).as(COLUMN));
    }

    /**
     * The packed history of one user's rows (order id, number, day, hour, days, product ids), latest
     * order first; more rows than the feature store keeps is an error, not a silent cut.
     */
    static byte[] pack(Long userId, scala.collection.Seq<Row> rows) {
        if (rows.size() > OrderHistory.KEPT) {
            throw new IllegalStateException(TABLE + " holds " + rows.size() + " orders of user " + userId
                    + "; the feature store keeps " + OrderHistory.KEPT + " (rebuild it with the features step of this version)");
        }
        List<PastOrder> orders = new ArrayList<>(rows.size());
        scala.collection.Iterator<Row> each = rows.iterator();
        while (each.hasNext()) {
            Row row = each.next();
            List<Long> products = row.isNullAt(5) ? List.of() : row.getList(5);
            long[] productIds = new long[products.size()];
            for (int i = 0; i < productIds.length; i++) {
                productIds[i] = products.get(i);
            }
            orders.add(new PastOrder(row.getLong(0), row.getInt(1), row.isNullAt(2) ? null : row.getInt(2),
                    row.isNullAt(3) ? null : row.getInt(3), row.isNullAt(4) ? null : row.getDouble(4), productIds));
        }
        orders.sort(Comparator.comparingInt(PastOrder::orderNumber).thenComparingLong(PastOrder::orderId).reversed());
        return new OrderHistory(userId, orders).pack();
    }
}
