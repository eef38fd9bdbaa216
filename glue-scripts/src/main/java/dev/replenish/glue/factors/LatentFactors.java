package dev.replenish.glue.factors;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.neighbours.TopProducts;
import dev.replenish.glue.lake.TableColumns;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.StreamSupport;
import java.util.List;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

/**
 * Latent factors of users and products from implicit feedback (Spark ML ALS, Hu-Koren-Volinsky):
 * how many prior orders held a product is the confidence that the user likes it. The product of a
 * user's and a product's factors is a feature for every candidate, and among the most-bought
 * products it proposes explore candidates the user never bought: what users with baskets like
 * theirs buy.
 *
 * <p>Fitted on prior orders only, so no target reaches the factors. At Instacart's size the ALS
 * iterations are most of the cost (each about as much as scoring every candidate): rank and
 * iterations in the settings are what to turn down if the join runs long.
 */
public final class LatentFactors {

    /** The feature: user factors . product factors; null when either side has no factors (cold start). */
    public static final String SCORE = "latent_factor_score";
    /** 1 on an explore candidate this source proposed. */
    public static final String FROM_FACTORS = "candidate_from_latent_factors";
    /** The explore candidate's rank among the user's proposals, 1 = best. */
    public static final String EXPLORE_RANK = "candidate_latent_factors_explore_rank";

    static final String TIMES_BOUGHT = "times_bought";
    /**
     * ALS draws its initial factors from this: a fixed seed makes the factors a function of the
     * purchases and the settings only.
     */
    static final long SEED = 7_919;
    /**
     * Blocks per side, fixed rather than read from the cluster, so the partitioning of the problem
     * (and with it the factors) does not depend on the machine; 4 keeps 2 local cores busy, and
     * caps ALS at 4 parallel tasks on a larger Glue cluster.
     */
    static final int BLOCKS = 4;

    private static final String USER = "user";
    private static final String ITEM = "item";
    private static final String RATING = "rating";

    static final StructType EXPLORE_SCHEMA = new StructType()
            .add("user_id", DataTypes.LongType, false)
            .add("product_id", DataTypes.LongType, false)
            .add(FROM_FACTORS, DataTypes.IntegerType, false)
            .add(EXPLORE_RANK, DataTypes.LongType, false)
            .add(SCORE, DataTypes.DoubleType, false);

    private LatentFactors() {
    }

    /**
     * @param purchases one row per (user_id, product_id) bought in prior orders, with
     *                  {@value #TIMES_BOUGHT} (the count of prior orders holding it); read twice
     *                  (the id check, then ALS), so persist it if it is costly to compute
     */
    public static FittedFactors fit(Dataset<Row> purchases, ReplenishConfig.LatentFactors settings) {
        TableColumns.require(purchases, "the latent factors", "purchases", "user_id", "product_id", TIMES_BOUGHT);
        // A pair bought 0 times carries no preference: implicit ALS treats it like an unseen pair anyway.
        Dataset<Row> bought = purchases
                .select(col("user_id").cast("long").as("user_id"), col("product_id").cast("long").as("product_id"),
                        col(TIMES_BOUGHT).cast("double").as(RATING))
                .where(col("user_id").isNotNull().and(col("product_id").isNotNull()).and(col(RATING).gt(0)));
        Row range = bought.agg(count(lit(1)), min("user_id"), max("user_id"), min("product_id"), max("product_id")).first();
        if (range.getLong(0) == 0) {
            throw new IllegalStateException("latent factors: no prior purchases (user_id, product_id, "
                    + TIMES_BOUGHT + " > 0) to fit ALS on: is the features step's output empty?");
        }
        requireInt("user_id", range.getLong(1));
        requireInt("user_id", range.getLong(2));
        requireInt("product_id", range.getLong(3));
        requireInt("product_id", range.getLong(4));

        ALS als = new ALS()
                .setImplicitPrefs(true)
                .setRank(settings.rank())
                .setMaxIter(settings.iterations())
                .setRegParam(settings.regularization())
                .setAlpha(settings.alpha())
                .setNonnegative(false)
                .setSeed(SEED)
                .setNumUserBlocks(BLOCKS)
                .setNumItemBlocks(BLOCKS)
                // Checkpoints need a directory the job would have to manage; the lineage of tens of
                // iterations is short enough without them.
                .setCheckpointInterval(-1)
                // Scoring here joins the factors itself; this is for whoever loads the saved model.
                .setColdStartStrategy("drop")
                .setUserCol(USER)
                .setItemCol(ITEM)
                .setRatingCol(RATING);
        ALSModel model = als.fit(bought.select(col("user_id").cast("int").as(USER),
                col("product_id").cast("int").as(ITEM), col(RATING)));
        return new FittedFactors(model, settings);
    }

    private static void requireInt(String column, long id) {
        if (id > Integer.MAX_VALUE || id < Integer.MIN_VALUE) {
            throw new IllegalStateException("latent factors: " + column + " " + id + " does not fit in an int ("
                    + Integer.MAX_VALUE + " at most): Spark ALS indexes users and products by int");
        }
    }

    /**
     * The factors' dot product as one expression (x0*y0 + x1*y1 + ...) that whole-stage code
     * generation compiles, unlike a lambda over the arrays; summed in factor order like
     * {@link Pool#score}; null when either side is null.
     */
    private static Column dot(Column user, Column product, int rank) {
        Column sum = null;
        for (int k = 0; k < rank; k++) {
            Column term = user.getItem(k).cast("double").multiply(product.getItem(k).cast("double"));
            sum = sum == null ? term : sum.plus(term);
        }
        return sum;
    }

    /** A fitted ALS model and what the join asks of it. */
    public static final class FittedFactors {
        /**
         * Up to this many user factors (users x rank) go to every task whole, so the candidates do
         * not move to meet them (a shuffle of 13 M pairs costs more than the scoring itself);
         * 206,209 Instacart users at rank 16 are 3.3 M.
         */
        private static final long BROADCAST_USER_FACTORS = 16_000_000;

        private final ALSModel model;
        private final ReplenishConfig.LatentFactors settings;
        /** user_id (long), user_factors; cached by ALS itself. */
        private final Dataset<Row> users;
        /** product_id (long), product_factors; cached by ALS itself. */
        private final Dataset<Row> products;

        private FittedFactors(ALSModel model, ReplenishConfig.LatentFactors settings) {
            this.model = model;
            this.settings = settings;
            this.users = model.userFactors()
                    .select(col("id").cast("long").as("user_id"), col("features").as("user_factors"));
            this.products = model.itemFactors()
                    .select(col("id").cast("long").as("product_id"), col("features").as("product_factors"));
        }

        /**
         * Not deduplicated: the join's candidate table holds each pair once already, and a
         * distinct over 13 M pairs would cost twice what scoring them does.
         *
         * @param candidates user_id, product_id and any other columns, each pair once
         * @return user_id, product_id, {@value #SCORE}: one row per candidate row, the score null
         * for a user or product the model has not seen
         */
        public Dataset<Row> scores(Dataset<Row> candidates) {
            TableColumns.require(candidates, "the latent factors", "candidates", "user_id", "product_id");
            Dataset<Row> pairs = candidates
                    .select(col("user_id").cast("long").as("user_id"), col("product_id").cast("long").as("product_id"));
            boolean fewUsers = users.count() * model.rank() <= BROADCAST_USER_FACTORS;
            // Products (about 50,000) always go whole to every task.
            return pairs
                    .join(fewUsers ? broadcast(users) : users, pairs.col("user_id").equalTo(users.col("user_id")), "left")
                    .join(broadcast(products), pairs.col("product_id").equalTo(products.col("product_id")), "left")
                    .select(pairs.col("user_id"), pairs.col("product_id"),
                            dot(col("user_factors"), col("product_factors"), model.rank()).as(SCORE));
        }

        /**
         * For every user the model knows, the {@code perUser} best-scored products among the
         * {@code settings.candidatePool()} products with the most buyers, leaving out those the
         * user bought (ties by smaller product id).
         *
         * @param purchases one row per (user_id, product_id) bought in prior orders
         * @return user_id, product_id, {@value #FROM_FACTORS} (1), {@value #EXPLORE_RANK} (1..perUser), {@value #SCORE}
         */
        public Dataset<Row> exploreCandidates(Dataset<Row> purchases, int perUser) {
            return exploreCandidates(purchases, perUser, settings.candidatePool());
        }

        /** {@link #exploreCandidates(Dataset, int)} from a pool of the {@code poolSize} most-bought products. */
        Dataset<Row> exploreCandidates(Dataset<Row> purchases, int perUser, int poolSize) {
            if (perUser < 0) {
                throw new IllegalArgumentException("latent factors: perUser must be at least 0, not " + perUser);
            }
            TableColumns.require(purchases, "the latent factors", "purchases", "user_id", "product_id");
            Dataset<Row> bought = purchases
                    .select(col("user_id").cast("long").as("user_id"), col("product_id").cast("long").as("product_id"))
                    .where(col("user_id").isNotNull().and(col("product_id").isNotNull()));
            if (perUser == 0) {
                return bought.sparkSession().createDataFrame(List.of(), EXPLORE_SCHEMA);
            }
            Dataset<Row> mostBought = bought.groupBy("product_id").agg(count(lit(1)).as("buyers"))
                    .orderBy(col("buyers").desc(), col("product_id"))
                    .limit(poolSize);
            List<Row> poolRows = mostBought.join(products, "product_id")
                    .orderBy(col("product_id"))
                    .select("product_id", "product_factors")
                    .collectAsList();
            if (poolRows.isEmpty()) {
                throw new IllegalStateException("latent factors: no purchased product has factors, so there is no "
                        + "pool to draw explore candidates from: are the purchases empty or not those the model was fit on?");
            }
            Pool pool = Pool.of(poolRows, model.rank());
            Broadcast<Pool> shared = JavaSparkContext.fromSparkContext(bought.sparkSession().sparkContext())
                    .broadcast(pool);

            // Only purchases among the pool can be left out: the rest need not be grouped at all,
            // which halves what is shuffled and sorted. A broadcast hash join tests membership
            // faster than isin over thousands of boxed ids.
            Dataset<Row> poolIds = bought.sparkSession().createDataFrame(
                    Arrays.stream(pool.products).mapToObj(id -> RowFactory.create(id)).toList(),
                    new StructType().add("product_id", DataTypes.LongType, false));
            Dataset<Row> ownInPool = bought.join(broadcast(poolIds), "product_id", "left_semi")
                    .groupBy("user_id").agg(collect_list(col("product_id")).as("own"));
            return users.join(ownInPool, users.col("user_id").equalTo(ownInPool.col("user_id")), "left")
                    .select(users.col("user_id"), col("user_factors"), col("own"))
                    .mapPartitions(new Explore(shared, perUser), Encoders.row(EXPLORE_SCHEMA));
        }

        /** The ALS model in Spark ML's format, replacing what is at {@code uri}. */
        public void saveModel(String uri) {
            try {
                model.write().overwrite().save(uri);
            } catch (IOException e) {
                throw new UncheckedIOException("latent factors: cannot save the ALS model to " + uri, e);
            }
        }
    }

    /**
     * The pool's products (ascending) and their factors, factor by factor: factor k of product p
     * at {@code k * size + p}, so one user's scores for the whole pool are built a factor at a
     * time in loops over contiguous arrays, which the JIT vectorises.
     */
    private static final class Pool implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long[] products;
        private final double[] factors;
        private final int rank;

        private Pool(long[] products, double[] factors, int rank) {
            this.products = products;
            this.factors = factors;
            this.rank = rank;
        }

        static Pool of(List<Row> rows, int rank) {
            int size = rows.size();
            long[] products = new long[size];
            double[] factors = new double[size * rank];
            for (int p = 0; p < size; p++) {
                products[p] = rows.get(p).getLong(0);
                List<Float> vector = rows.get(p).getList(1);
                for (int k = 0; k < rank; k++) {
                    factors[k * size + p] = vector.get(k);
                }
            }
            return new Pool(products, factors, rank);
        }

        /**
         * Every pool product's score for one user into {@code scores}: the same sum, in the same
         * order, as {@link LatentFactors#dot}, so a pair scores the same on both paths.
         */
        void score(double[] user, double[] scores) {
            int size = products.length;
            double first = user[0];
            for (int p = 0; p < size; p++) {
                scores[p] = first * factors[p];
            }
            for (int k = 1; k < rank; k++) {
                double weight = user[k];
                int at = k * size;
                for (int p = 0; p < size; p++) {
                    scores[p] += weight * factors[at + p];
                }
            }
        }
    }

    /** Scores each user against the broadcast pool; one user's rows in memory at a time. */
    private static final class Explore implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<Pool> pool;
        private final int perUser;

        Explore(Broadcast<Pool> pool, int perUser) {
            this.pool = pool;
            this.perUser = perUser;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> users) {
            Pool products = pool.value();
            // Scratch reused from user to user.
            double[] factors = new double[products.rank];
            double[] scores = new double[products.products.length];
            boolean[] own = new boolean[products.products.length];
            // One user's rows at a time (a stream pulls the next user only when these are used up).
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(users, Spliterator.ORDERED), false)
                    .flatMap(user -> propose(products, factors, scores, own, user).stream())
                    .iterator();
        }

        private List<Row> propose(Pool products, double[] factors, double[] scores, boolean[] own, Row user) {
            long userId = user.getLong(0);
            List<Float> vector = user.getList(1);
            for (int k = 0; k < factors.length; k++) {
                factors[k] = vector.get(k);
            }
            products.score(factors, scores);
            List<Long> bought = user.isNullAt(2) ? List.of() : user.getList(2);
            for (long product : bought) {
                int at = Arrays.binarySearch(products.products, product);
                if (at >= 0) {
                    own[at] = true;
                }
            }
            TopProducts best = new TopProducts(perUser);
            // Products come in ascending id: once the list is full, a score no better than its last
            // cannot enter (a tie goes to the smaller id, already in), and most of the pool stops here.
            double last = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < scores.length; p++) {
                if (own[p]) {
                    own[p] = false;
                } else if (scores[p] > last) {
                    best.offer(products.products[p], scores[p]);
                    if (best.size() == perUser) {
                        last = best.score(perUser - 1);
                    }
                }
            }
            List<Row> rows = new ArrayList<>(best.size());
            for (int r = 0; r < best.size(); r++) {
                rows.add(RowFactory.create(userId, best.product(r), 1, (long) r + 1, best.score(r)));
            }
            return rows;
        }
    }
}
