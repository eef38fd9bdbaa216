package dev.replenish.glue.featurestore;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.featurestore.BoughtTogether;
import dev.replenish.core.featurestore.CandidatePacking;
import dev.replenish.core.featurestore.FeatureLayout;
import dev.replenish.core.featurestore.OrderHistory;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.lake.LakeLayout;
import dev.replenish.core.missions.MissionProfile;
import dev.replenish.core.missions.ShoppingMissions;
import dev.replenish.featurestore.BatchWriteSettings;
import dev.replenish.featurestore.BatchWriter;
import dev.replenish.featurestore.DynamoTarget;
import dev.replenish.featurestore.FeatureStoreItems;
import dev.replenish.featurestore.LoadCounts;
import dev.replenish.glue.join.JoinJob;
import dev.replenish.glue.lake.SparkLake;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

/**
 * The load-features step: one DynamoDB item per user from the join's inference rows, and the
 * product catalog. In AWS it runs as a Glue job (Spark spreads the 8.5 M rows and the writes over
 * the workers); locally the same class runs in Spark local mode against DynamoDB Local.
 *
 * <p>Each user's item also holds the user's recent orders, which the join packed into the
 * {@value JoinJob#RECENT_ORDERS} column of one of the user's rows: they travel with the user's rows,
 * so the load needs no join to find them. The user's main shopping missions travel the same way, in
 * the {@value JoinJob#TOP_MISSIONS} column of the same row, and the run's {@code missions.json}
 * names them in the layout item. Inference rows joined before missions existed have no such
 * column: they are loaded without missions (said once on the job's output), not refused.
 *
 * <p>A user with more candidates than one item can hold beside the user's recent orders
 * ({@link CandidatePacking#maxCandidates(int, int)}) keeps those with the highest value of the
 * {@code trimBy} feature (ties: lower product id) and is counted as trimmed, so DynamoDB never
 * rejects an item at run time. The recent orders are kept whole.
 */
public final class FeatureStoreLoadJob {

    /**
     * @param users          user items: read, written, retried, bytes
     * @param products       product catalog items
     * @param trimmedUsers   users who had more candidates than an item holds
     * @param largestUser    the most candidates any user has before trimming
     * @param largestItemKib the packed size of the largest item written, in KiB
     * @param regrouped      whether the inference rows had to be shuffled to bring each user's rows together
     * @param columnar       whether the rows were read as Parquet's column batches rather than as Spark rows
     * @param usersWithRecentOrders user items written with recent orders (the others have none)
     * @param missionsColumn whether the inference rows have the users' missions (rows joined before
     *                       missions existed have not: the items are loaded without them)
     * @param usersWithMissions user items written with missions
     * @param namedMissions  missions the layout names (from the run's missions.json; 0 without one)
     * @param seconds        where the job's time went
     */
    public record Summary(LoadCounts users, LoadCounts products, long trimmedUsers, long largestUser, double largestItemKib,
                          boolean regrouped, boolean columnar, long usersWithRecentOrders, boolean missionsColumn,
                          long usersWithMissions, int namedMissions, PhaseSeconds seconds) {
    }

    /**
     * Wall-clock seconds of the job's phases, so a slow load says where it was slow.
     *
     * @param shape    reading the inference rows' shape: users, the largest user, whether each user's rows are together
     * @param users    writing the user items (and the layout item)
     * @param products writing the product catalog
     */
    public record PhaseSeconds(double shape, double users, double products) {
    }

    /** The features step's "bought together" table. */
    static final String SIMILAR_PRODUCTS = "similar_products";

    private FeatureStoreLoadJob() {
    }

    public static Summary run(SparkSession spark, String lakeRoot, String runId, DynamoTarget target,
                              BatchWriteSettings settings, String trimBy) {
        long started = System.nanoTime();
        SparkLake lake = new SparkLake(spark, lakeRoot);
        FeatureManifest manifest = FeatureManifest.fromJson(
                lake.read(LakeLayout.featureManifest(runId)), "feature manifest of run " + runId);
        if (!manifest.featureNames().contains(trimBy)) {
            throw new IllegalArgumentException("featureStore.trimByFeature '" + trimBy + "' is not a feature of run "
                    + runId + "; features are " + manifest.featureNames());
        }
        String similarKey = LakeLayout.features(runId, SIMILAR_PRODUCTS);
        if (!lake.exists(similarKey)) {
            throw new IllegalStateException("run " + runId + " has no " + SIMILAR_PRODUCTS + " table (" + lake.uri(similarKey)
                    + "): run its features step first");
        }
        Dataset<Row> inference = spark.read().parquet(lake.uri(LakeLayout.training(runId, JoinJob.INFERENCE)));
        List<String> columns = Arrays.asList(inference.columns());
        int featureCount = manifest.features().size();
        // The features follow eval_set; the row's label and split come after them.
        int firstFeature = columns.indexOf("eval_set") + 1;
        manifest.requireSameFeatures(columns.subList(firstFeature, Math.min(columns.size(), firstFeature + featureCount)),
                "the inference rows of run " + runId);
        if (!columns.contains(JoinJob.RECENT_ORDERS)) {
            throw new IllegalStateException("the inference rows of run " + runId + " have no " + JoinJob.RECENT_ORDERS
                    + " column: they were written by an older join; run the join step again");
        }
        boolean withMissions = columns.contains(JoinJob.TOP_MISSIONS);
        if (!withMissions) {
            System.out.println("load-features: the inference rows of run " + runId + " have no " + JoinJob.TOP_MISSIONS
                    + " column (joined before shopping missions): the users' items are loaded without missions");
        }
        List<FeatureLayout.MissionName> missionNames = missionNames(lake, runId);

        int maxCandidates = CandidatePacking.maxCandidates(featureCount);
        List<String> wanted = new ArrayList<>(List.of("user_id", "product_id"));
        wanted.addAll(manifest.featureNames());
        wanted.add(JoinJob.RECENT_ORDERS);
        if (withMissions) {
            wanted.add(JoinJob.TOP_MISSIONS);
        }
        // The join writes each user's rows together (hash-partitioned by user, sorted by user within a
        // file), so the rows usually need no shuffle: one pass over the user ids finds the runs of
        // equal ids, and only if a user's rows are split (another writer, a file read in two splits)
        // are they regrouped. Nothing is written before that is known.
        UserRuns runs = userRuns(inference.select(col("user_id")));
        boolean regroup = !runs.together();
        long userCount = runs.users();
        long largestUser = regroup ? largestUser(inference) : runs.longestRun();
        // Rows in place are read as Parquet's column batches: no copy into Spark's rows and back.
        Optional<CandidateCursor.ColumnarScan> batches = regroup ? Optional.empty()
                : CandidateCursor.columnarScan(inference.select(wanted.stream().map(functions::col).toArray(Column[]::new)),
                        withMissions ? 2 : 1);
        long shapeKnown = System.nanoTime();
        JavaRDD<CandidateCursor> partitions;
        if (batches.isPresent()) {
            List<String> batchColumns = batches.get().columns();
            partitions = batches.get().batches().mapPartitions((FlatMapFunction<Iterator<ColumnarBatch>, CandidateCursor>) in ->
                    List.of(CandidateCursor.overBatches(in, batchColumns, wanted, withMissions)).iterator());
        } else {
            List<Column> selected = new ArrayList<>(List.of(col("user_id"), col("product_id")));
            manifest.featureNames().forEach(name -> selected.add(col(name).cast(DataTypes.FloatType)));
            selected.add(col(JoinJob.RECENT_ORDERS));
            if (withMissions) {
                selected.add(col(JoinJob.TOP_MISSIONS));
            }
            Dataset<Row> candidates = inference.select(selected.toArray(Column[]::new));
            Dataset<Row> grouped = regroup ? candidates.repartition(col("user_id")).sortWithinPartitions(col("user_id")) : candidates;
            // Spark's internal rows: the features are read as primitives, not boxed into Row objects.
            partitions = grouped.queryExecution().toRdd().toJavaRDD().mapPartitions(
                    (FlatMapFunction<Iterator<InternalRow>, CandidateCursor>) in -> List.of(CandidateCursor.overRows(in, featureCount, withMissions)).iterator());
        }

        Accumulators users = new Accumulators(spark, "users");
        String fingerprint = manifest.fingerprint();
        int trimIndex = manifest.featureNames().indexOf(trimBy);
        LongAccumulator trimmed = spark.sparkContext().longAccumulator("trimmed users");
        LongAccumulator withOrders = spark.sparkContext().longAccumulator("users with recent orders");
        LongAccumulator withMissionsCount = spark.sparkContext().longAccumulator("users with missions");
        CollectionAccumulator<Long> examples = spark.sparkContext().collectionAccumulator("example users");
        partitions.foreach(cursor -> {
            try (DynamoDbClient client = target.newClient()) {
                BatchWriter writer = new BatchWriter(client, target.featureTable(), settings);
                UserItems items = new UserItems(cursor, runId, fingerprint, featureCount, trimIndex, maxCandidates, trimmed, withOrders,
                        withMissionsCount);
                users.add(writer.write(items));
                items.smallestUsers().forEach(examples::add);
            }
        });
        if (users.total().read() != userCount) {
            throw new IllegalStateException("feature store load made " + users.total().read() + " user items for "
                    + userCount + " users: the rows of a user were not read together");
        }
        // What the vectors mean, beside them: the API explains candidates from their own features.
        try (DynamoDbClient client = target.newClient()) {
            LoadCounts layout = new BatchWriter(client, target.featureTable(), settings).write(List.of(
                    FeatureStoreItems.layoutItem(new FeatureLayout(runId, fingerprint, manifest.featureNames(),
                            examples.value().stream().sorted().limit(FeatureLayout.EXAMPLE_USERS).toList(), missionNames))).iterator());
            if (layout.written() != 1) {
                throw new IllegalStateException("feature store load could not write the layout item of run " + runId);
            }
        }

        long usersWritten = System.nanoTime();
        // Each product's "bought together" list rides in its catalog item (FeatureStoreItems.productItem says why).
        Dataset<Row> similar = spark.read().parquet(lake.uri(similarKey))
                .groupBy(col("product_id").cast("long").as("product_id"))
                .agg(sort_array(collect_list(struct(col("rank").cast("long").as("rank"),
                        col("similar_product_id").cast("long").as("id"), col("score").cast("float").as("score")))).as("similar"));
        Dataset<Row> catalog = spark.read().parquet(lake.uri(LakeLayout.curated(InstacartTable.PRODUCTS)))
                .join(spark.read().parquet(lake.uri(LakeLayout.curated(InstacartTable.AISLES))), "aisle_id")
                .join(spark.read().parquet(lake.uri(LakeLayout.curated(InstacartTable.DEPARTMENTS))), "department_id")
                .join(similar, new String[]{"product_id"}, "left")
                .select("product_id", "product_name", "aisle", "department", "similar");
        Accumulators products = new Accumulators(spark, "products");
        catalog.foreachPartition((ForeachPartitionFunction<Row>) rows -> {
            try (DynamoDbClient client = target.newClient()) {
                BatchWriter writer = new BatchWriter(client, target.productTable(), settings);
                Iterator<Map<String, AttributeValue>> items = new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return rows.hasNext();
                    }

                    @Override
                    public Map<String, AttributeValue> next() {
                        Row row = rows.next();
                        long productId = row.getLong(0);
                        List<Row> list = row.isNullAt(4) ? List.of() : row.getList(4);
                        long[] ids = new long[list.size()];
                        float[] scores = new float[list.size()];
                        for (int r = 0; r < ids.length; r++) {
                            ids[r] = list.get(r).getLong(1);
                            scores[r] = list.get(r).getFloat(2);
                        }
                        return FeatureStoreItems.productItem(productId, row.getString(1), row.getString(2), row.getString(3),
                                new BoughtTogether(productId, ids, scores));
                    }
                };
                products.add(writer.write(items));
            }
        });

        Summary summary = new Summary(users.total(), products.total(), trimmed.value(), largestUser,
                Math.min(largestUser, maxCandidates) * (Long.BYTES + featureCount * Float.BYTES) / 1024.0, regroup,
                batches.isPresent(), withOrders.value(), withMissions, withMissionsCount.value(), missionNames.size(),
                new PhaseSeconds(seconds(started, shapeKnown), seconds(shapeKnown, usersWritten), seconds(usersWritten, System.nanoTime())));
        for (LoadCounts counts : List.of(summary.users(), summary.products())) {
            if (counts.written() != counts.read()) {
                throw new IllegalStateException("feature store load wrote " + counts.written() + " of " + counts.read() + " items");
            }
        }
        return summary;
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    /**
     * The names of the run's missions, from its missions.json: none when the run has none (a join
     * from before missions, or one that found none), and then the API lists missions unnamed.
     */
    static List<FeatureLayout.MissionName> missionNames(SparkLake lake, String runId) {
        String key = LakeLayout.missionsDocument(runId);
        if (!lake.exists(key)) {
            return List.of();
        }
        ShoppingMissions missions = ShoppingMissions.fromJson(lake.read(key), lake.uri(key));
        return missions.missions().stream()
                .map(mission -> new FeatureLayout.MissionName(mission.id(), mission.name(), mission.orderShare())).toList();
    }

    /** Spark-side counters of one load (task results are added on the driver). */
    private static final class Accumulators implements java.io.Serializable {
        private final LongAccumulator read;
        private final LongAccumulator written;
        private final LongAccumulator retried;
        private final LongAccumulator bytes;

        Accumulators(SparkSession spark, String name) {
            read = spark.sparkContext().longAccumulator(name + " read");
            written = spark.sparkContext().longAccumulator(name + " written");
            retried = spark.sparkContext().longAccumulator(name + " retried");
            bytes = spark.sparkContext().longAccumulator(name + " bytes");
        }

        void add(LoadCounts counts) {
            read.add(counts.read());
            written.add(counts.written());
            retried.add(counts.retried());
            bytes.add(counts.bytes());
        }

        LoadCounts total() {
            return new LoadCounts(read.value(), written.value(), retried.value(), bytes.value());
        }
    }

    /**
     * How the rows' user ids lie, read partition by partition as the load reads them.
     *
     * @param users      distinct user ids
     * @param runs       runs of equal user ids: as many as users when each user's rows are together
     * @param longestRun the most rows in one run (a user's row count when the rows are together)
     */
    record UserRuns(long users, long runs, long longestRun) {
        boolean together() {
            return runs == users;
        }
    }

    /** The user ids that start a run in one partition, and the partition's longest run. */
    private record PartitionRuns(long[] userIds, long longestRun) implements java.io.Serializable {
    }

    /**
     * One pass over the user ids: the runs of equal ids in each partition, their users counted on the
     * driver (a long per run: 1.6 MB at 206,209 users), so no aggregation shuffles the rows.
     */
    static UserRuns userRuns(Dataset<Row> userIds) {
        List<PartitionRuns> partitions = userIds.queryExecution().toRdd().toJavaRDD()
                .mapPartitions((FlatMapFunction<Iterator<InternalRow>, PartitionRuns>) ids -> {
                    long[] starts = new long[1024];
                    int runs = 0;
                    long run = 0;
                    long longest = 0;
                    while (ids.hasNext()) {
                        long user = ids.next().getLong(0);
                        if (runs == 0 || user != starts[runs - 1]) {
                            if (runs == starts.length) {
                                starts = Arrays.copyOf(starts, runs * 2);
                            }
                            starts[runs++] = user;
                            run = 0;
                        }
                        longest = Math.max(longest, ++run);
                    }
                    return List.of(new PartitionRuns(Arrays.copyOf(starts, runs), longest)).iterator();
                }).collect();
        long[] all = partitions.stream().flatMapToLong(partition -> Arrays.stream(partition.userIds())).sorted().toArray();
        long users = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[i - 1]) {
                users++;
            }
        }
        return new UserRuns(users, all.length, partitions.stream().mapToLong(PartitionRuns::longestRun).max().orElse(0));
    }

    /** The most rows any one user has, wherever they lie: an aggregation, for rows that are to be regrouped. */
    private static long largestUser(Dataset<Row> inference) {
        Row largest = inference.groupBy("user_id").agg(count("product_id").as("n")).agg(max("n")).head();
        return largest.isNullAt(0) ? 0 : largest.getLong(0);
    }

    /**
     * Turns rows where each user's rows come together into one item per user. A user's candidates
     * are ordered by the {@code trimBy} feature, highest first and missing last (ties: lower product
     * id), and cut to the item limit. The user's recent orders are the value of whichever row carries
     * them (the join puts them on one); a user with none gets an empty history. The same goes for the
     * user's missions.
     */
    static final class UserItems implements Iterator<Map<String, AttributeValue>> {
        private final CandidateCursor rows;
        private final String runId;
        private final String fingerprint;
        private final int featureCount;
        private final int trimIndex;
        private final int maxCandidates;
        private final LongAccumulator trimmed;
        private final LongAccumulator withOrders;
        private final LongAccumulator withMissions;
        private boolean more;
        private long[] products = new long[256];
        private float[] features;
        private boolean[] missingTrimValue = new boolean[256];
        /** The smallest user ids made into items, for the layout's examples. */
        private final java.util.TreeSet<Long> smallestUsers = new java.util.TreeSet<>();

        UserItems(CandidateCursor rows, String runId, String fingerprint, int featureCount, int trimIndex,
                  int maxCandidates, LongAccumulator trimmed, LongAccumulator withOrders, LongAccumulator withMissions) {
            this.rows = rows;
            this.runId = runId;
            this.fingerprint = fingerprint;
            this.featureCount = featureCount;
            this.trimIndex = trimIndex;
            this.maxCandidates = maxCandidates;
            this.trimmed = trimmed;
            this.withOrders = withOrders;
            this.withMissions = withMissions;
            this.features = new float[products.length * featureCount];
            this.more = rows.advance();
        }

        @Override
        public boolean hasNext() {
            return more;
        }

        @Override
        public Map<String, AttributeValue> next() {
            if (!more) {
                throw new NoSuchElementException();
            }
            long userId = rows.userId();
            smallestUsers.add(userId);
            if (smallestUsers.size() > FeatureLayout.EXAMPLE_USERS) {
                smallestUsers.pollLast();
            }
            int count = 0;
            byte[] recentOrders = null;
            byte[] topMissions = null;
            // The source reuses its row object: every value is copied out before the next row is read.
            while (more && rows.userId() == userId) {
                if (count == products.length) {
                    products = Arrays.copyOf(products, count * 2);
                    features = Arrays.copyOf(features, count * 2 * featureCount);
                    missingTrimValue = Arrays.copyOf(missingTrimValue, count * 2);
                }
                products[count] = rows.productId();
                rows.copyFeatures(features, count * featureCount);
                missingTrimValue[count] = rows.isMissing(trimIndex);
                if (recentOrders == null) {
                    recentOrders = rows.recentOrders();
                }
                if (topMissions == null) {
                    topMissions = rows.topMissions();
                }
                count++;
                more = rows.advance();
            }
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, this::byTrimValue);
            // The recent orders and missions are kept whole (they are written as packed here); the
            // candidates make room for them.
            int packedBytes = (recentOrders == null ? 0 : recentOrders.length) + (topMissions == null ? 0 : topMissions.length);
            int kept = Math.min(count, Math.min(maxCandidates, CandidatePacking.maxCandidates(featureCount, packedBytes)));
            if (kept == 0) {
                throw new IllegalStateException("user " + userId + ": " + packedBytes
                        + " bytes of recent orders and missions leave no room for a candidate in a DynamoDB item");
            }
            if (count > kept) {
                trimmed.add(1);
            }
            long[] ids = new long[kept];
            float[] vectors = new float[kept * featureCount];
            for (int i = 0; i < kept; i++) {
                ids[i] = products[order[i]];
                System.arraycopy(features, order[i] * featureCount, vectors, i * featureCount, featureCount);
            }
            OrderHistory history = recentOrders == null ? OrderHistory.none(userId) : OrderHistory.unpack(userId, recentOrders);
            if (!history.orders().isEmpty()) {
                withOrders.add(1);
            }
            MissionProfile missions = topMissions == null ? MissionProfile.none() : MissionProfile.unpack(userId, topMissions);
            if (!missions.missions().isEmpty()) {
                withMissions.add(1);
            }
            return FeatureStoreItems.toItem(new UserCandidates(userId, runId, fingerprint, ids, vectors, featureCount, missions),
                    history);
        }

        List<Long> smallestUsers() {
            return List.copyOf(smallestUsers);
        }

        /** Highest trim value first, missing values last (Spark's descending, nulls last), then lower product id. */
        private int byTrimValue(int a, int b) {
            if (missingTrimValue[a] != missingTrimValue[b]) {
                return missingTrimValue[a] ? 1 : -1;
            }
            int byValue = missingTrimValue[a] ? 0
                    : Float.compare(features[b * featureCount + trimIndex], features[a * featureCount + trimIndex]);
            return byValue != 0 ? byValue : Long.compare(products[a], products[b]);
        }
    }
}
