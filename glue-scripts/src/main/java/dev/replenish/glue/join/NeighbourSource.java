package dev.replenish.glue.join;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.neighbours.TopProducts;
import dev.replenish.core.neighbours.UserNeighbours;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.StreamSupport;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The neighbour candidate source (TIFUKNN-style, {@link UserNeighbours}), computed in the join
 * because user-to-user similarity does not fit SQL at Instacart's size. A user's vector is their
 * recency-weighted purchases from {@code user_product_features} (prior orders only, so no target
 * reaches it). Per user it gives one row for each of the user's own products (its neighbour vote,
 * possibly 0) and one for each of the {@code candidates} best-voted products the user never bought
 * (flagged {@value #FROM_NEIGHBOURS}, with its rank): those become explore candidates.
 *
 * <p>The pool is a fixed hash sample of users, collected to the driver (at most
 * {@code poolUsers} vectors) and broadcast; every user's vector is then scored where it lies.
 */
final class NeighbourSource {

    /** Written under training/<run>/ and joined as a feature table of this name. */
    static final String TABLE = "neighbour_votes";
    static final String VECTORS = "user_product_features";
    static final String WEIGHT = "user_product_recency_weighted_purchases";
    static final String FROM_NEIGHBOURS = "candidate_from_neighbours";
    static final String VOTE = "candidate_neighbour_vote";
    static final String EXPLORE_RANK = "candidate_neighbour_explore_rank";
    /** A seed for the pool's hash, other than the split's and the folds'. */
    private static final long POOL_SEED = 104_729;

    static final StructType SCHEMA = new StructType()
            .add("user_id", DataTypes.LongType, false)
            .add("product_id", DataTypes.LongType, false)
            .add(FROM_NEIGHBOURS, DataTypes.IntegerType, false)
            .add(VOTE, DataTypes.DoubleType, false)
            .add(EXPLORE_RANK, DataTypes.LongType, true);

    private NeighbourSource() {
    }

    /**
     * @param userProduct the features step's {@value #VECTORS} table (user_id, product_id, {@value #WEIGHT})
     */
    static Dataset<Row> votes(Dataset<Row> userProduct, ReplenishConfig.NeighbourVotes settings) {
        if (!Arrays.asList(userProduct.columns()).contains(WEIGHT)) {
            throw new IllegalStateException("feature table " + VECTORS + " has no column " + WEIGHT
                    + ": the neighbour source needs the features step of this version (re-run it)");
        }
        Dataset<Row> vectors = userProduct
                .select(col("user_id").cast("long").as("user_id"), col("product_id").cast("long").as("product_id"),
                        col(WEIGHT).cast("double").as("weight"))
                .where(col("weight").gt(0));
        Dataset<Row> poolUsers = vectors.select("user_id").distinct()
                .orderBy(xxhash64(col("user_id"), lit(POOL_SEED)), col("user_id"))
                .limit(settings.poolUsers());
        List<Row> poolRows = vectors.join(poolUsers, "user_id").orderBy("user_id", "product_id").collectAsList();
        List<UserNeighbours.UserVector> pool = new ArrayList<>();
        for (int from = 0; from < poolRows.size(); ) {
            long user = poolRows.get(from).getLong(0);
            int to = from;
            while (to < poolRows.size() && poolRows.get(to).getLong(0) == user) {
                to++;
            }
            long[] products = new long[to - from];
            double[] weights = new double[to - from];
            for (int i = from; i < to; i++) {
                products[i - from] = poolRows.get(i).getLong(1);
                weights[i - from] = poolRows.get(i).getDouble(2);
            }
            pool.add(new UserNeighbours.UserVector(user, products, weights));
            from = to;
        }
        UserNeighbours index = UserNeighbours.of(pool, settings.maxBuyersPerProduct());
        Broadcast<UserNeighbours> shared = JavaSparkContext.fromSparkContext(userProduct.sparkSession().sparkContext())
                .broadcast(index);

        // Each user's vector sorted by product: sums then run in a fixed order, so the same input
        // gives bit-identical votes (the leakage test compares predictions bit for bit).
        Dataset<Row> perUser = vectors.groupBy("user_id")
                .agg(sort_array(collect_list(struct(col("product_id"), col("weight")))).as("purchases"));
        return perUser.mapPartitions(new Score(shared, settings.neighbours(), settings.candidates()), Encoders.row(SCHEMA));
    }

    /** One scorer per partition: its scratch arrays are reused from user to user. */
    private static final class Score implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<UserNeighbours> index;
        private final int neighbours;
        private final int candidates;

        Score(Broadcast<UserNeighbours> index, int neighbours, int candidates) {
            this.index = index;
            this.neighbours = neighbours;
            this.candidates = candidates;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> users) {
            UserNeighbours.Scorer scorer = index.value().scorer();
            // One user's rows at a time: a partition holds millions of output rows.
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(users, Spliterator.ORDERED), false)
                    .flatMap(user -> {
                        List<Row> rows = new ArrayList<>();
                        score(scorer, user, rows);
                        return rows.stream();
                    })
                    .iterator();
        }

        private void score(UserNeighbours.Scorer scorer, Row user, List<Row> out) {
            long userId = user.getLong(0);
            List<Row> purchases = user.getList(1);
            long[] products = new long[purchases.size()];
            double[] weights = new double[purchases.size()];
            for (int i = 0; i < products.length; i++) {
                products[i] = purchases.get(i).getLong(0);
                weights[i] = purchases.get(i).getDouble(1);
            }
            UserNeighbours.Votes votes = scorer.votes(new UserNeighbours.UserVector(userId, products, weights), neighbours);
            double[] ownVotes = new double[products.length];
            // The best-voted products the user never bought, by vote (ties by smaller id).
            TopProducts explore = new TopProducts(candidates);
            for (int v = 0; v < votes.products().length; v++) {
                int own = Arrays.binarySearch(products, votes.products()[v]);
                if (own >= 0) {
                    ownVotes[own] = votes.scores()[v];
                } else if (candidates > 0) {
                    explore.offer(votes.products()[v], votes.scores()[v]);
                }
            }
            for (int i = 0; i < products.length; i++) {
                out.add(RowFactory.create(userId, products[i], 0, ownVotes[i], null));
            }
            for (int r = 0; r < explore.size(); r++) {
                out.add(RowFactory.create(userId, explore.product(r), 1, explore.score(r), (long) r + 1));
            }
        }
    }
}
