package dev.replenish.glue.missions;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.missions.ShoppingMissions;
import dev.replenish.glue.lake.TableColumns;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Shopping missions: the kinds of trip a basket is made for ("baby stock-up", "party"), found as
 * the topics of Spark MLlib's LDA where a document is a prior order and its words are the aisles
 * (or the products) of its lines.
 *
 * <p>LDA is fitted with the online optimizer on a fixed hash sample of at most
 * {@code settings.fitOrders()} orders, so its cost does not grow with the lake; a further tenth of
 * that many sample orders is held out to measure its log-perplexity. Every prior order is then
 * given its mission mixture by the fitted model, and from those come the per-user shares
 * ({@value #USER_SHARE_PREFIX}1..K: the expected share of the user's orders made for each mission)
 * and the user x product {@value #AFFINITY}. Missions are numbered by their share of all prior
 * orders, most common first, in every output.
 *
 * <p>The lines are read once: grouped into one row per order and cached while fitting. The
 * vocabulary is the words of the fit sample (a word never seen there means nothing to the model
 * and is left out of every order's counts, held-out ones included), sorted by id so that a word's
 * index never depends on the order Spark delivers rows in. Every order is scored by
 * {@link MixtureInference}, the model's own E-step on plain arrays, rather than by
 * {@code LDAModel.transform}: at 3.2 M orders Spark's Breeze version alone would take minutes.
 */
public final class Missions {

    /** The users' features {@value}1..K (double): the expected share of their orders per mission. */
    public static final String USER_SHARE_PREFIX = "mission_share_";
    /** The user x product feature (double): how much the product belongs to the user's missions. */
    public static final String AFFINITY = "mission_affinity";
    /** An order's mixture: array&lt;double&gt; of length K, the share of the order per mission. */
    public static final String MIXTURE = "mission_mixture";
    /** A user's prior orders (long): what their shares are the mean over. */
    public static final String USER_ORDERS = "mission_orders";

    /** A seed for the sample's hash other than the split's, the folds' and the neighbour pool's. */
    private static final long SAMPLE_SEED = 15_485_863;
    private static final long LDA_SEED = 32_452_843;
    /** One held-out order per this many fitted ones. */
    private static final int FITTED_PER_HELD_OUT = 10;
    /**
     * How many times, in expectation, online LDA visits each fitted order over all its iterations:
     * the mini-batch fraction is this over the iterations, so the cost stays that of two passes
     * over the sample whatever {@code iterations} is.
     */
    private static final double PASSES = 2.0;
    /** Mini-batches smaller than this make too noisy an update: small samples are used whole. */
    private static final int MIN_BATCH_ORDERS = 256;
    /**
     * Spark's default learning offset (1024, from the online LDA paper) suits thousands of tiny
     * mini-batches; with a few tens of large ones it keeps the randomly started first batches at
     * almost full weight to the end. An offset of 1 lets the first batch replace the random start
     * (decay: Spark's default). On 200 k synthetic orders with 8 planted missions (K = 9, 30
     * iterations, 2 passes), held-out log-perplexity was 3.76 with Spark's defaults, 3.66 with
     * scikit-learn's (10, 0.7) and 3.59 with these.
     */
    private static final double LEARNING_OFFSET = 1;
    private static final double LEARNING_DECAY = 0.51;
    /** Aisles and products listed per mission. */
    private static final int TOP = 5;
    /**
     * Shares are summed as fixed-point longs (units of 2^-32): integer sums do not depend on the
     * order Spark merges partial sums in, so the same input gives bit-identical features (the
     * leakage test compares predictions bit for bit). 2^31 orders fit before a long overflows.
     */
    private static final double FIXED_POINT = 4_294_967_296.0;

    private static final int LIFT_ROWS_PER_SLICE = 8_192;
    private static final String TERMS = "mission_terms";
    private static final String DISTRIBUTION = "mission_distribution";
    private static final String THETA = "theta";

    private Missions() {
    }

    /** The name of mission {@code id}'s user share column (1..K). */
    public static String shareColumn(int id) {
        return USER_SHARE_PREFIX + id;
    }

    /**
     * @param priorLines one row per prior order line: order_id, user_id, product_id (long or int);
     *                   any other column (aisle_id) is not read: a product's aisle is the one
     *                   {@code products} gives, so every step agrees on it
     * @param products   product_id, product_name, aisle_id
     * @param aisles     aisle_id, aisle (the aisle's name)
     */
    public static FittedMissions fit(Dataset<Row> priorLines, Dataset<Row> products, Dataset<Row> aisles,
                                     ReplenishConfig.Missions settings) {
        TableColumns.require(priorLines, "the shopping missions", "the prior order lines", "order_id", "user_id", "product_id");
        TableColumns.require(products, "the shopping missions", "products", "product_id", "product_name", "aisle_id");
        TableColumns.require(aisles, "the shopping missions", "aisles", "aisle_id", "aisle");
        int k = settings.missions();
        Catalog catalog = Catalog.of(products, aisles);
        SparkSession spark = priorLines.sparkSession();

        Dataset<Row> orders = priorLines
                .select(col("order_id").cast("long").as("order_id"), col("user_id").cast("long").as("user_id"),
                        col("product_id").cast("long").as("product_id"))
                .groupBy("order_id", "user_id")
                .agg(collect_list(col("product_id")).as("products"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Sample sample = Sample.of(orders, settings.fitOrders());
            List<Row> sampledProducts = sample.fitted().select(explode(col("products"))).distinct().collectAsList();
            boolean byProduct = settings.words().equals("product");
            WordIndex words = WordIndex.of(sampledProducts, catalog, byProduct);
            if (!byProduct && words.size() < k) {
                // Fewer aisles than missions (an import that files everything under one aisle)
                // cannot give K distinct missions by aisle: every order would read the same.
                System.out.printf(java.util.Locale.ROOT, "  join: the sampled orders span %d aisles, fewer than the %d"
                        + " missions: the missions are learned over products instead%n", words.size(), k);
                byProduct = true;
                words = WordIndex.of(sampledProducts, catalog, true);
            }
            UserDefinedFunction terms = udf(new TermCounts(JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(words)),
                    SQLDataTypes.VectorType());
            // Two partitions by order id, each sorted: online LDA draws its mini-batches by position
            // within partitions and adds up their statistics in task-completion order, which with
            // two partitions cannot change a sum (a + b == b + a), so the model is the same every run.
            Dataset<Row> fittedDocs = sample.fitted().select(col("order_id"), col("products"), terms.apply(col("products")).as(TERMS))
                    .repartition(2, col("order_id")).sortWithinPartitions("order_id");
            Dataset<Row> heldOutDocs = sample.heldOut().select(col("order_id"), terms.apply(col("products")).as(TERMS))
                    .repartition(2, col("order_id")).sortWithinPartitions("order_id");

            LDAModel model = new LDA()
                    .setK(k)
                    .setOptimizer("online")
                    .setMaxIter(settings.iterations())
                    .setSubsamplingRate(Math.min(1.0, Math.max(PASSES / settings.iterations(),
                            (double) MIN_BATCH_ORDERS / sample.fittedOrders())))
                    .setLearningOffset(LEARNING_OFFSET)
                    .setLearningDecay(LEARNING_DECAY)
                    .setOptimizeDocConcentration(true)
                    .setSeed(LDA_SEED)
                    .setFeaturesCol(TERMS)
                    .setTopicDistributionCol(DISTRIBUTION)
                    .fit(fittedDocs);
            // With a single sample order there is nothing to hold out: it is measured on itself.
            double logPerplexity = model.logPerplexity(sample.heldOutOrders() > 0 ? heldOutDocs : fittedDocs);

            // Every prior order's mixture, by the model's own E-step (see MixtureInference).
            UserDefinedFunction mixture = udf(new OrderMixture(JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .broadcast(new Scorer(words, MixtureInference.of(model)))), DataTypes.createArrayType(DataTypes.DoubleType, false));
            // Cached (≈ 100 bytes an order): the caller writes the mixtures after the fit, and without
            // the cache that would read, join and group the prior lines all over again.
            Dataset<Row> scored = orders.select(col("order_id"), col("user_id"), mixture.apply(col("products")).as(THETA))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            List<Column> fixedShares = new ArrayList<>();
            for (int topic = 0; topic < k; topic++) {
                fixedShares.add(sum(toFixedPoint(col(THETA).getItem(topic))).as(fixed(topic)));
            }
            Dataset<Row> profiles = scored.groupBy("user_id")
                    .agg(count(lit(1)).as(USER_ORDERS), fixedShares.toArray(Column[]::new))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            List<Column> totals = new ArrayList<>();
            for (int topic = 0; topic < k; topic++) {
                totals.add(sum(col(fixed(topic))));
            }
            Row total = profiles.agg(sum(col(USER_ORDERS)), totals.toArray(Column[]::new)).first();
            long scoredOrders = total.getLong(0);
            double[] topicShares = new double[k];
            for (int topic = 0; topic < k; topic++) {
                topicShares[topic] = total.getLong(1 + topic) / FIXED_POINT / scoredOrders;
            }
            // Mission j (1..K) is LDA topic numbering[j - 1]: the most common first, ties by topic.
            int[] numbering = IntStream.range(0, k).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(topic -> -topicShares[topic]).thenComparing(topic -> topic))
                    .mapToInt(Integer::intValue).toArray();
            double[] shares = Arrays.stream(numbering).mapToDouble(topic -> topicShares[topic]).toArray();
            double[][] wordWeights = wordWeights(model.topicsMatrix(), numbering);
            double[][] lifts = lifts(wordWeights, shares);
            Dataset<Row> productLifts = productLifts(spark, words, lifts);

            List<List<ShoppingMissions.Weighted>> topAisles = topAisles(wordWeights, words, catalog, byProduct);
            List<List<ShoppingMissions.Weighted>> topProducts = byProduct
                    ? topProductWords(wordWeights, words, catalog)
                    : topSampledProducts(sample.fitted().select(mixture.apply(col("products")).as(THETA), col("products")),
                            productLifts, numbering, catalog);
            List<String> names = names(topAisles);
            List<ShoppingMissions.Mission> missions = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                missions.add(new ShoppingMissions.Mission(j + 1, names.get(j), shares[j], topAisles.get(j), topProducts.get(j)));
            }
            ShoppingMissions summary = new ShoppingMissions(byProduct ? "product" : "aisle", sample.fittedOrders(), scoredOrders, logPerplexity, missions);
            return new FittedMissions(summary, model, scored, profiles, productLifts, numbering);
        } finally {
            orders.unpersist();
        }
    }

    /**
     * A fitted LDA and what it says about the prior orders. The order mixtures and user profiles
     * are cached; {@link #unpersist()} frees them once the caller is done with them.
     */
    public static final class FittedMissions {
        private final ShoppingMissions summary;
        private final LDAModel model;
        private final Dataset<Row> scored;
        private final Dataset<Row> profiles;
        private final Dataset<Row> productLifts;
        private final int[] numbering;

        private FittedMissions(ShoppingMissions summary, LDAModel model, Dataset<Row> scored, Dataset<Row> profiles,
                               Dataset<Row> productLifts, int[] numbering) {
            this.summary = summary;
            this.model = model;
            this.scored = scored;
            this.profiles = profiles;
            this.productLifts = productLifts;
            this.numbering = numbering;
        }

        /** The fitted LDA, its topics in LDA's order (not the missions' numbering). */
        LDAModel model() {
            return model;
        }

        /** The missions document (training/&lt;run&gt;/missions/missions.json). */
        public ShoppingMissions summary() {
            return summary;
        }

        /** order_id, user_id, {@value Missions#MIXTURE} (sums to 1), for every prior order. */
        public Dataset<Row> orderMixtures() {
            Column[] mixture = Arrays.stream(numbering).mapToObj(topic -> col(THETA).getItem(topic)).toArray(Column[]::new);
            return scored.select(col("order_id"), col("user_id"), array(mixture).as(MIXTURE));
        }

        /**
         * user_id, {@value Missions#USER_ORDERS} (long), {@value Missions#USER_SHARE_PREFIX}1..K
         * (double): the mean of the user's order mixtures, i.e. the expected share of their orders
         * made for each mission. One row per user with a prior order.
         */
        public Dataset<Row> userProfiles() {
            List<Column> columns = new ArrayList<>(List.of(col("user_id"), col(USER_ORDERS)));
            for (int j = 0; j < numbering.length; j++) {
                columns.add(col(fixed(numbering[j])).cast("double").divide(FIXED_POINT).divide(col(USER_ORDERS)).as(shareColumn(j + 1)));
            }
            return profiles.select(columns.toArray(Column[]::new));
        }

        /**
         * user_id, product_id, {@value Missions#AFFINITY}: the lift of the product's word among the words of
         * the user's missions, sum over k of share(user, k) * P(word | k) / P(word), where P(word)
         * is its probability in a basket of the average mixture (so 1 = as in any basket, above 1 =
         * the user's missions favour it). Null for a user without prior orders or a product whose
         * word the model never saw. One row per candidate row.
         *
         * @param candidates at least user_id, product_id
         */
        public Dataset<Row> productAffinity(Dataset<Row> candidates) {
            TableColumns.require(candidates, "the shopping missions", "the candidates", "user_id", "product_id");
            Column affinity = lit(0.0);
            for (int j = 1; j <= numbering.length; j++) {
                affinity = affinity.plus(col(shareColumn(j)).multiply(col(lift(j))));
            }
            // Both tables are one row per product or per user (206 k users at Instacart's size, a
            // few MB): broadcast, so the candidate table is not shuffled to meet them.
            return candidates.select(col("user_id").cast("long").as("user_id"), col("product_id").cast("long").as("product_id"))
                    .join(broadcast(productLifts), scala(List.of("product_id")), "left")
                    .join(broadcast(userProfiles()), scala(List.of("user_id")), "left")
                    .select(col("user_id"), col("product_id"), affinity.as(AFFINITY));
        }

        /** Writes the LDA model in Spark ML's format (readable by {@code LocalLDAModel.load}). */
        public void saveModel(String uri) {
            try {
                model.write().overwrite().save(uri);
            } catch (IOException e) {
                throw new UncheckedIOException("could not save the missions model to " + uri, e);
            }
        }

        /** Frees the cached order mixtures and user profiles (the datasets stay usable, recomputed). */
        public void unpersist() {
            scored.unpersist();
            profiles.unpersist();
        }
    }

    /**
     * The fixed hash sample: orders by xxhash64(order_id), the first {@code fitOrders} are fitted
     * on and the next tenth as many are held out. When the lake has fewer orders than that, one in
     * eleven is held out. Only the boundary keys are collected; the sample is filtered in place.
     */
    private record Sample(Dataset<Row> fitted, Dataset<Row> heldOut, long fittedOrders, long heldOutOrders) {

        static Sample of(Dataset<Row> orders, int fitOrders) {
            int wanted = fitOrders + Math.max(1, fitOrders / FITTED_PER_HELD_OUT);
            Dataset<Row> keyed = orders.where(size(col("products")).gt(0))
                    .withColumn("sample_key", xxhash64(col("order_id"), lit(SAMPLE_SEED)));
            List<Row> keys = keyed.select("sample_key", "order_id").orderBy("sample_key", "order_id").limit(wanted).collectAsList();
            if (keys.isEmpty()) {
                throw new IllegalStateException("no prior order lines: the shopping missions need at least one prior order with a product");
            }
            int fitted;
            if (keys.size() == wanted) {
                fitted = fitOrders;
            } else {
                fitted = keys.size() - (keys.size() < 2 ? 0 : Math.max(1, keys.size() / (FITTED_PER_HELD_OUT + 1)));
            }
            Row lastFitted = keys.get(fitted - 1);
            Row last = keys.get(keys.size() - 1);
            Dataset<Row> inSample = keyed.where(upTo(last));
            return new Sample(inSample.where(upTo(lastFitted)), inSample.where(not(upTo(lastFitted))),
                    fitted, keys.size() - fitted);
        }

        /** (sample_key, order_id) at or before the key's, in the sample's order. */
        private static Column upTo(Row key) {
            long hash = key.getLong(0);
            long order = key.getLong(1);
            return col("sample_key").lt(hash).or(col("sample_key").equalTo(hash).and(col("order_id").leq(order)));
        }
    }

    /** Product and aisle names and each product's aisle, on the driver (≈ 50 k products). */
    private record Catalog(Map<Long, String> productNames, Map<Long, Long> productAisles, Map<Long, String> aisleNames) {

        static Catalog of(Dataset<Row> products, Dataset<Row> aisles) {
            List<Row> productRows = products.select(col("product_id").cast("long"), col("product_name").cast("string"),
                    col("aisle_id").cast("long")).collectAsList();
            if (productRows.isEmpty()) {
                throw new IllegalStateException(
                        "no products: the shopping missions need the products table (product_id, product_name, aisle_id)");
            }
            List<Row> aisleRows = aisles.select(col("aisle_id").cast("long"), col("aisle").cast("string")).collectAsList();
            if (aisleRows.isEmpty()) {
                throw new IllegalStateException(
                        "no aisles: the shopping missions need the aisles table (aisle_id, aisle) to name the missions");
            }
            Map<Long, String> productNames = new HashMap<>();
            Map<Long, Long> productAisles = new HashMap<>();
            for (Row row : productRows) {
                if (!row.isNullAt(0)) {
                    if (!row.isNullAt(1)) {
                        productNames.put(row.getLong(0), row.getString(1));
                    }
                    if (!row.isNullAt(2)) {
                        productAisles.put(row.getLong(0), row.getLong(2));
                    }
                }
            }
            Map<Long, String> aisleNames = new HashMap<>();
            for (Row row : aisleRows) {
                if (!row.isNullAt(0) && !row.isNullAt(1)) {
                    aisleNames.put(row.getLong(0), row.getString(1));
                }
            }
            return new Catalog(productNames, productAisles, aisleNames);
        }

        String productName(long product) {
            return productNames.getOrDefault(product, "product " + product);
        }

        String aisleName(long aisle) {
            return aisleNames.getOrDefault(aisle, "aisle " + aisle);
        }
    }

    /**
     * The vocabulary (word ids sorted; a word's index is its position) and, for every product that
     * has a word in it, that word's index: sorted arrays searched by bisection, small enough to
     * broadcast (≈ 50 k products).
     */
    private static final class WordIndex implements Serializable {
        private static final long serialVersionUID = 1L;
        final long[] vocabulary;
        final long[] products;
        final int[] wordOfProduct;

        private WordIndex(long[] vocabulary, long[] products, int[] wordOfProduct) {
            this.vocabulary = vocabulary;
            this.products = products;
            this.wordOfProduct = wordOfProduct;
        }

        /** @param sampledProducts the distinct products of the fitted orders */
        static WordIndex of(List<Row> sampledProducts, Catalog catalog, boolean byProduct) {
            TreeSet<Long> words = new TreeSet<>();
            for (Row row : sampledProducts) {
                if (!row.isNullAt(0)) {
                    Long word = byProduct ? Long.valueOf(row.getLong(0)) : catalog.productAisles().get(row.getLong(0));
                    if (word != null) {
                        words.add(word);
                    }
                }
            }
            if (words.isEmpty()) {
                throw new IllegalStateException("no sampled prior order has a product with an aisle in products:"
                        + " the shopping missions have no words to learn from");
            }
            long[] vocabulary = words.stream().mapToLong(Long::longValue).toArray();
            TreeMap<Long, Integer> wordOf = new TreeMap<>();
            if (byProduct) {
                for (int i = 0; i < vocabulary.length; i++) {
                    wordOf.put(vocabulary[i], i);
                }
            } else {
                catalog.productAisles().forEach((product, aisle) -> {
                    int index = Arrays.binarySearch(vocabulary, aisle);
                    if (index >= 0) {
                        wordOf.put(product, index);
                    }
                });
            }
            return new WordIndex(vocabulary, wordOf.keySet().stream().mapToLong(Long::longValue).toArray(),
                    wordOf.values().stream().mapToInt(Integer::intValue).toArray());
        }

        int size() {
            return vocabulary.length;
        }

        /** -1 when the product has no word the model knows. */
        int wordOf(long product) {
            int at = Arrays.binarySearch(products, product);
            return at >= 0 ? wordOfProduct[at] : -1;
        }

        Vector termCounts(scala.collection.Seq<?> orderProducts) {
            int[] indices = new int[orderProducts.length()];
            int known = 0;
            for (int i = 0; i < indices.length; i++) {
                Object product = orderProducts.apply(i);
                int word = product == null ? -1 : wordOf((Long) product);
                if (word >= 0) {
                    indices[known++] = word;
                }
            }
            Arrays.sort(indices, 0, known);
            int distinct = 0;
            double[] counts = new double[known];
            for (int i = 0; i < known; i++) {
                if (distinct > 0 && indices[distinct - 1] == indices[i]) {
                    counts[distinct - 1]++;
                } else {
                    indices[distinct] = indices[i];
                    counts[distinct++] = 1;
                }
            }
            return Vectors.sparse(vocabulary.length, Arrays.copyOf(indices, distinct), Arrays.copyOf(counts, distinct));
        }
    }

    /** An order's products (array&lt;long&gt;) to its word counts, the LDA's input. */
    private static final class TermCounts implements UDF1<scala.collection.Seq<?>, Vector> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<WordIndex> words;

        TermCounts(Broadcast<WordIndex> words) {
            this.words = words;
        }

        @Override
        public Vector call(scala.collection.Seq<?> products) {
            return words.value().termCounts(products);
        }
    }

    /** A word index and a model's E-step together: what the executors need to score an order. */
    private record Scorer(WordIndex words, MixtureInference inference) implements Serializable {
    }

    /** An order's products (array&lt;long&gt;) to its mission mixture in LDA's topic order. */
    private static final class OrderMixture implements UDF1<scala.collection.Seq<?>, double[]> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<Scorer> scorer;

        OrderMixture(Broadcast<Scorer> scorer) {
            this.scorer = scorer;
        }

        @Override
        public double[] call(scala.collection.Seq<?> products) {
            Scorer shared = scorer.value();
            return shared.inference().mixture(shared.words().termCounts(products));
        }
    }

    /**
     * The variational E-step of Spark's {@code LocalLDAModel.transform} (Hoffman et al.'s online
     * LDA): the same updates, starting point (Spark's seeded Gamma(100, 1/100) draw), convergence
     * test (mean change of gamma at most 1e-3) and normalisation, on plain arrays. Spark's version
     * allocates a Breeze vector or matrix per operation and costs about 100 us an order; this one
     * is several times cheaper, which is what lets every one of 3.2 M prior orders be scored within
     * the join's time budget. MissionsTest checks both give the same mixtures.
     */
    static final class MixtureInference implements Serializable {
        private static final long serialVersionUID = 1L;
        private static final double CONVERGED = 1e-3;
        /** Never reached in practice (Spark has no bound); stops a pathological order from hanging a task. */
        private static final int MAX_ITERATIONS = 1000;
        private final int k;
        /** exp(E[log beta]), [word * k + topic]. */
        private final double[] expElogbeta;
        private final double[] alpha;
        private final double[] initialGamma;

        private MixtureInference(int k, double[] expElogbeta, double[] alpha, double[] initialGamma) {
            this.k = k;
            this.expElogbeta = expElogbeta;
            this.alpha = alpha;
            this.initialGamma = initialGamma;
        }

        static MixtureInference of(LDAModel model) {
            Matrix lambda = model.topicsMatrix();
            int k = lambda.numCols();
            int vocabulary = lambda.numRows();
            double[] expElogbeta = new double[vocabulary * k];
            for (int topic = 0; topic < k; topic++) {
                double total = 0;
                for (int w = 0; w < vocabulary; w++) {
                    total += lambda.apply(w, topic);
                }
                double digammaTotal = digamma(total);
                for (int w = 0; w < vocabulary; w++) {
                    expElogbeta[w * k + topic] = Math.exp(digamma(lambda.apply(w, topic)) - digammaTotal);
                }
            }
            // Spark's transform starts from its mllib model's shape and seed; the latter is not the
            // estimator's seed (the ml model hands it its seed parameter's default on construction).
            org.apache.spark.mllib.clustering.LocalLDAModel inner = model.oldLocalModel();
            double shape = inner.gammaShape();
            breeze.stats.distributions.Gamma start = new breeze.stats.distributions.Gamma(shape, 1.0 / shape,
                    new breeze.stats.distributions.RandBasis(new org.apache.commons.math3.random.MersenneTwister(inner.getSeed())));
            breeze.linalg.DenseVector<Object> draws = start.samplesVector(k, scala.reflect.ClassTag$.MODULE$.Double());
            double[] initialGamma = new double[k];
            for (int topic = 0; topic < k; topic++) {
                initialGamma[topic] = (Double) draws.apply(topic);
            }
            return new MixtureInference(k, expElogbeta, model.estimatedDocConcentration().toArray(), initialGamma);
        }

        /** The topic mixture (sums to 1); an order with no known word is spread evenly: it tells nothing. */
        double[] mixture(Vector termCounts) {
            int[] ids;
            double[] counts;
            if (termCounts instanceof org.apache.spark.ml.linalg.SparseVector sparse) {
                ids = sparse.indices();
                counts = sparse.values();
            } else {
                ids = IntStream.range(0, termCounts.size()).toArray();
                counts = termCounts.toArray();
            }
            double[] gamma = new double[k];
            if (ids.length == 0) {
                Arrays.fill(gamma, 1.0 / k);
                return gamma;
            }
            System.arraycopy(initialGamma, 0, gamma, 0, k);
            double[] expElogtheta = new double[k];
            dirichletExpectationExp(gamma, expElogtheta);
            double[] phiNorm = new double[ids.length];
            phiNorm(ids, expElogtheta, phiNorm);
            double[] weighted = new double[k];
            double change = 1;
            for (int iteration = 0; change > CONVERGED && iteration < MAX_ITERATIONS; iteration++) {
                Arrays.fill(weighted, 0);
                for (int i = 0; i < ids.length; i++) {
                    double ratio = counts[i] / phiNorm[i];
                    int row = ids[i] * k;
                    for (int topic = 0; topic < k; topic++) {
                        weighted[topic] += expElogbeta[row + topic] * ratio;
                    }
                }
                change = 0;
                for (int topic = 0; topic < k; topic++) {
                    double next = expElogtheta[topic] * weighted[topic] + alpha[topic];
                    change += Math.abs(next - gamma[topic]);
                    gamma[topic] = next;
                }
                change /= k;
                dirichletExpectationExp(gamma, expElogtheta);
                phiNorm(ids, expElogtheta, phiNorm);
            }
            double total = 0;
            for (double g : gamma) {
                total += g;
            }
            for (int topic = 0; topic < k; topic++) {
                gamma[topic] /= total;
            }
            return gamma;
        }

        private void phiNorm(int[] ids, double[] expElogtheta, double[] phiNorm) {
            for (int i = 0; i < ids.length; i++) {
                int row = ids[i] * k;
                double norm = 0;
                for (int topic = 0; topic < k; topic++) {
                    norm += expElogbeta[row + topic] * expElogtheta[topic];
                }
                phiNorm[i] = norm + 1e-100;
            }
        }

        private static void dirichletExpectationExp(double[] gamma, double[] out) {
            double total = 0;
            for (double g : gamma) {
                total += g;
            }
            double digammaTotal = digamma(total);
            for (int topic = 0; topic < gamma.length; topic++) {
                out[topic] = Math.exp(digamma(gamma[topic]) - digammaTotal);
            }
        }

        /** The digamma function: the recurrence up to 6, then its asymptotic series (error below 1e-12). */
        static double digamma(double x) {
            double result = 0;
            while (x < 6) {
                result -= 1 / x;
                x += 1;
            }
            double f = 1 / (x * x);
            return result + Math.log(x) - 0.5 / x
                    - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
        }
    }

    /** P(word | mission), [mission - 1][word index], from LDA's topic-word pseudo-counts. */
    private static double[][] wordWeights(Matrix topics, int[] numbering) {
        double[][] weights = new double[numbering.length][topics.numRows()];
        for (int j = 0; j < numbering.length; j++) {
            double total = 0;
            for (int w = 0; w < topics.numRows(); w++) {
                total += topics.apply(w, numbering[j]);
            }
            for (int w = 0; w < topics.numRows(); w++) {
                weights[j][w] = topics.apply(w, numbering[j]) / total;
            }
        }
        return weights;
    }

    /**
     * P(word | mission) / P(word), where P(word) is the word's probability in an order of the
     * average mixture (the missions' order shares): a user whose shares are the average gets 1.
     */
    private static double[][] lifts(double[][] wordWeights, double[] shares) {
        int words = wordWeights[0].length;
        double[][] lifts = new double[shares.length][words];
        for (int w = 0; w < words; w++) {
            double anyBasket = 0;
            for (int j = 0; j < shares.length; j++) {
                anyBasket += shares[j] * wordWeights[j][w];
            }
            for (int j = 0; j < shares.length; j++) {
                lifts[j][w] = wordWeights[j][w] / anyBasket;
            }
        }
        return lifts;
    }

    /**
     * product_id, lift_1..K: every product with a known word (≈ 50 k rows), made on the driver and
     * broadcast on use. Cut into slices of a few hundred KB: one task holding all of it would be
     * a task too large for Spark's liking.
     */
    private static Dataset<Row> productLifts(SparkSession spark, WordIndex words, double[][] lifts) {
        StructType schema = new StructType().add("product_id", DataTypes.LongType, false);
        for (int j = 1; j <= lifts.length; j++) {
            schema = schema.add(lift(j), DataTypes.DoubleType, false);
        }
        List<Row> rows = new ArrayList<>(words.products.length);
        for (int p = 0; p < words.products.length; p++) {
            Object[] values = new Object[1 + lifts.length];
            values[0] = words.products[p];
            for (int j = 0; j < lifts.length; j++) {
                values[1 + j] = lifts[j][words.wordOfProduct[p]];
            }
            rows.add(RowFactory.create(values));
        }
        int slices = 1 + rows.size() / LIFT_ROWS_PER_SLICE;
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, slices), schema);
    }

    private static List<List<ShoppingMissions.Weighted>> topAisles(double[][] wordWeights, WordIndex words, Catalog catalog,
                                                                   boolean byProduct) {
        List<List<ShoppingMissions.Weighted>> top = new ArrayList<>();
        for (double[] weights : wordWeights) {
            Map<Long, Double> perAisle = new HashMap<>();
            for (int w = 0; w < weights.length; w++) {
                Long aisle = byProduct ? catalog.productAisles().get(words.vocabulary[w]) : Long.valueOf(words.vocabulary[w]);
                if (aisle != null) {
                    perAisle.merge(aisle, weights[w], Double::sum);
                }
            }
            top.add(best(perAisle, catalog::aisleName));
        }
        return top;
    }

    private static List<List<ShoppingMissions.Weighted>> topProductWords(double[][] wordWeights, WordIndex words, Catalog catalog) {
        List<List<ShoppingMissions.Weighted>> top = new ArrayList<>();
        for (double[] weights : wordWeights) {
            Map<Long, Double> perProduct = new HashMap<>();
            for (int w = 0; w < weights.length; w++) {
                perProduct.put(words.vocabulary[w], weights[w]);
            }
            top.add(best(perProduct, catalog::productName));
        }
        return top;
    }

    /**
     * When the words are aisles the model knows no product: each line of the fitted sample's
     * orders is shared among the missions by the order's mixture times its aisle's weight in
     * each (the line's posterior), and a product's weight in a mission is its share of the
     * mission's lines. Counted on the fit sample only, not on every prior order: it is a
     * description, and the sample is what the model was fitted on.
     */
    private static List<List<ShoppingMissions.Weighted>> topSampledProducts(Dataset<Row> fittedOrders, Dataset<Row> productLifts,
                                                                            int[] numbering, Catalog catalog) {
        int k = numbering.length;
        Dataset<Row> lines = fittedOrders.select(col(THETA), explode(col("products")).as("product_id"))
                .join(broadcast(productLifts), "product_id");
        Column posteriorTotal = lit(0.0);
        for (int j = 0; j < k; j++) {
            posteriorTotal = posteriorTotal.plus(col(THETA).getItem(numbering[j]).multiply(col(lift(j + 1))));
        }
        lines = lines.withColumn("posterior_total", posteriorTotal);
        List<Column> sums = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            Column posterior = col(THETA).getItem(numbering[j]).multiply(col(lift(j + 1))).divide(col("posterior_total"));
            sums.add(sum(toFixedPoint(posterior)).as("lines_" + (j + 1)));
        }
        // A product whose aisle the model does not know has no posterior and is left out (inner join).
        List<Row> perProduct = lines.groupBy("product_id").agg(sums.get(0), sums.subList(1, k).toArray(Column[]::new)).collectAsList();
        List<List<ShoppingMissions.Weighted>> top = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            long total = 0;
            for (Row row : perProduct) {
                total += row.getLong(1 + j);
            }
            Map<Long, Double> weights = new HashMap<>();
            for (Row row : perProduct) {
                weights.put(row.getLong(0), total == 0 ? 0.0 : (double) row.getLong(1 + j) / total);
            }
            top.add(best(weights, catalog::productName));
        }
        return top;
    }

    /** The {@value #TOP} heaviest, ties by smaller id. */
    private static List<ShoppingMissions.Weighted> best(Map<Long, Double> weights, java.util.function.LongFunction<String> name) {
        return weights.entrySet().stream()
                .sorted(Map.Entry.<Long, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(e -> new ShoppingMissions.Weighted(e.getKey(), name.apply(e.getKey()), e.getValue()))
                .toList();
    }

    /**
     * A mission's name is its two heaviest aisles' names; missions that would share a name (the
     * most bought aisles lead several) take their third aisle too.
     */
    private static List<String> names(List<List<ShoppingMissions.Weighted>> topAisles) {
        List<String> shortNames = topAisles.stream().map(aisles -> name(aisles, 2)).toList();
        Map<String, Long> uses = shortNames.stream().collect(Collectors.groupingBy(n -> n, Collectors.counting()));
        List<String> names = new ArrayList<>();
        for (int j = 0; j < topAisles.size(); j++) {
            String shortName = shortNames.get(j);
            String name = uses.get(shortName) > 1 ? name(topAisles.get(j), 3) : shortName;
            names.add(name.isEmpty() ? "mission " + (j + 1) : name);
        }
        return names;
    }

    private static String name(List<ShoppingMissions.Weighted> aisles, int parts) {
        return aisles.stream().limit(parts).map(ShoppingMissions.Weighted::name).collect(Collectors.joining(" & "));
    }

    /**
     * A share in [0, 1] to the nearest multiple of 2^-32, as a long. Adding one half and
     * truncating, not SQL's round(), which goes through BigDecimal and cost seconds per 10 M values.
     */
    private static Column toFixedPoint(Column share) {
        return share.multiply(FIXED_POINT).plus(0.5).cast("long");
    }

    private static String fixed(int topic) {
        return "fixed_share_" + topic;
    }

    private static String lift(int mission) {
        return "lift_" + mission;
    }

    private static scala.collection.Seq<String> scala(List<String> columns) {
        return scala.collection.JavaConverters.collectionAsScalaIterableConverter(columns).asScala().toSeq();
    }
}
