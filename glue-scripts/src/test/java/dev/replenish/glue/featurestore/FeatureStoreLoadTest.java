package dev.replenish.glue.featurestore;

import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.featurestore.BoughtTogether;
import dev.replenish.core.featurestore.CandidatePacking;
import dev.replenish.core.featurestore.FeatureLayout;
import dev.replenish.core.featurestore.OrderHistory;
import dev.replenish.core.featurestore.PastOrder;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.missions.MissionProfile;
import dev.replenish.core.missions.ShoppingMissions;
import dev.replenish.featurestore.BatchWriteSettings;
import dev.replenish.featurestore.DynamoTarget;
import dev.replenish.featurestore.FeatureStoreItems;
import dev.replenish.featurestore.LoadCounts;
import dev.replenish.featurestore.SharedDynamoDb;
import dev.replenish.glue.SharedSpark;
import dev.replenish.glue.join.JoinJob;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load job on Spark local[2] against the real DynamoDB engine (DynamoDB Local). */
class FeatureStoreLoadTest {

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path lake;

    private final DynamoTarget target = new DynamoTarget("features_" + UUID.randomUUID().toString().substring(0, 8),
            "products_" + UUID.randomUUID().toString().substring(0, 8), SharedDynamoDb.clients());

    private static final StructType INFERENCE = new StructType()
            .add("user_id", DataTypes.LongType).add("product_id", DataTypes.LongType).add("order_id", DataTypes.LongType)
            .add("eval_set", DataTypes.StringType)
            .add("times_bought", DataTypes.IntegerType).add("days_since_last", DataTypes.DoubleType)
            .add("label", DataTypes.IntegerType).add("split", DataTypes.StringType)
            .add(JoinJob.RECENT_ORDERS, DataTypes.BinaryType).add(JoinJob.TOP_MISSIONS, DataTypes.BinaryType);

    /** User 7's recent orders as the join packs them: the latest (#3) first, one order with no timing. */
    private static final OrderHistory USER_7_ORDERS = new OrderHistory(7, List.of(
            new PastOrder(73L, 3, 5, 10, 14.0, new long[]{2L, 1L}),
            new PastOrder(72L, 2, null, null, null, new long[]{1L})));

    /** User 7's main missions as the join packs them: mission 2 first (half the orders), then 3, then 1. */
    private static final MissionProfile USER_7_MISSIONS = MissionProfile.top(List.of(0.125, 0.5, 0.25));

    /**
     * Writes a run's inference rows (into one file, in the order given) and manifest, a two-product
     * catalog, and the run's "bought together" table: product 1's most similar is 2, product 2 has none.
     * A row given as (user, product, order, eval_set, times bought, days since last) gets no label,
     * no split and no recent orders; a seventh value is its packed recent orders, an eighth its packed
     * missions.
     */
    private void writeRun(List<Object[]> inferenceRows) throws Exception {
        // As the features step writes it (DuckDB: ids and rank BIGINT, score DOUBLE), ranks out of order.
        spark.createDataFrame(List.of(RowFactory.create(1L, 3L, 0.25, 2L), RowFactory.create(1L, 2L, 0.5, 1L)),
                        new StructType().add("product_id", DataTypes.LongType).add("similar_product_id", DataTypes.LongType)
                                .add("score", DataTypes.DoubleType).add("rank", DataTypes.LongType))
                .write().parquet(lake.resolve("features/r1/similar_products").toString());
        List<Row> rows = inferenceRows.stream().map(r -> RowFactory.create(r[0], r[1], r[2], r[3], r[4], r[5], null, null,
                r.length > 6 ? r[6] : null, r.length > 7 ? r[7] : null)).toList();
        spark.createDataFrame(rows, INFERENCE).coalesce(1).write().parquet(lake.resolve("training/r1/inference").toString());
        FeatureManifest manifest = new FeatureManifest("r1", "label", List.of("user_id", "product_id", "order_id"), List.of(
                new FeatureManifest.Feature("times_bought", "INTEGER", "user_product_features"),
                new FeatureManifest.Feature("days_since_last", "DOUBLE", "user_product_features")));
        Files.writeString(lake.resolve("training/r1/feature-manifest.json"), manifest.toJson());
        spark.createDataFrame(List.of(RowFactory.create(1L, "Banana", 10L, 100L), RowFactory.create(2L, "Greek, \"Plain\" Yogurt", 11L, 100L)),
                        new StructType().add("product_id", DataTypes.LongType).add("product_name", DataTypes.StringType)
                                .add("aisle_id", DataTypes.LongType).add("department_id", DataTypes.LongType))
                .write().parquet(lake.resolve("curated/products").toString());
        spark.createDataFrame(List.of(RowFactory.create(10L, "fresh fruits"), RowFactory.create(11L, "yogurt")),
                new StructType().add("aisle_id", DataTypes.LongType).add("aisle", DataTypes.StringType)).write().parquet(lake.resolve("curated/aisles").toString());
        spark.createDataFrame(List.of(RowFactory.create(100L, "produce")),
                new StructType().add("department_id", DataTypes.LongType).add("department", DataTypes.StringType)).write().parquet(lake.resolve("curated/departments").toString());
    }

    private List<Map<String, AttributeValue>> scan(DynamoDbClient client, String table) {
        return new ArrayList<>(client.scanPaginator(ScanRequest.builder().tableName(table).build()).items().stream().toList());
    }

    /** The run's missions.json, as the join writes it: missions 1..3 named by their top aisles. */
    private void writeMissions() throws Exception {
        Files.createDirectories(lake.resolve("training/r1/missions"));
        Files.writeString(lake.resolve(dev.replenish.core.lake.LakeLayout.missionsDocument("r1")), new ShoppingMissions("aisle", 100, 120, -5.5,
                List.of(new ShoppingMissions.Mission(1, "fresh fruits & fresh vegetables", 0.5,
                                List.of(new ShoppingMissions.Weighted(24, "fresh fruits", 0.3)), List.of()),
                        new ShoppingMissions.Mission(2, "yogurt & milk", 0.3, List.of(), List.of()),
                        new ShoppingMissions.Mission(3, "chips pretzels & soft drinks", 0.2, List.of(),
                                List.of(new ShoppingMissions.Weighted(1, "Banana", 0.01))))).toJson());
    }

    /** Rewrites the run's inference rows without one column, as an older join wrote them. */
    private void dropInferenceColumn(String column) throws Exception {
        spark.read().parquet(lake.resolve("training/r1/inference").toString()).drop(column)
                .write().parquet(lake.resolve("training/r1/inference-old").toString());
        org.apache.commons.io.FileUtils.deleteDirectory(lake.resolve("training/r1/inference").toFile());
        Files.move(lake.resolve("training/r1/inference-old"), lake.resolve("training/r1/inference"));
    }

    private Map<String, AttributeValue> storedItem(DynamoDbClient client, long userId) {
        return client.getItem(b -> b.tableName(target.featureTable())
                .key(Map.of("user_id", AttributeValue.fromN(Long.toString(userId))))).item();
    }

    private FeatureStoreLoadJob.Summary load() {
        return FeatureStoreLoadJob.run(spark, lake.toString(), "r1", target, BatchWriteSettings.defaults(), "times_bought");
    }

    @Test
    void loadsOneItemPerUserWithItsCandidatesInManifestOrderAndTheCatalog() throws Exception {
        // GIVEN user 7 with two candidates (one with a missing feature), the first carrying the user's
        // recent orders, and user 8 with one candidate and no recent orders
        writeRun(List.of(new Object[]{7L, 1L, 70L, "train", 3, 2.5, USER_7_ORDERS.pack()}, new Object[]{7L, 2L, 70L, "train", 5, null},
                new Object[]{8L, 2L, 80L, "test", 1, 14.0}));
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // WHEN loaded
            FeatureStoreLoadJob.Summary summary = load();
            // THEN two user items and two products were read and written, nothing trimmed
            assertEquals(new LoadCounts(2, 2, 0, summary.users().bytes()), summary.users());
            assertEquals(2, summary.products().written());
            assertEquals(0, summary.trimmedUsers());
            // AND user 7's item holds both candidates, most-bought first, features in manifest order, NaN for missing
            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(target.featureTable())
                    .key(Map.of("user_id", AttributeValue.fromN("7")))).item();
            UserCandidates user = FeatureStoreItems.fromItem(item);
            assertArrayEquals(new long[]{2L, 1L}, user.productIds());
            assertArrayEquals(new float[]{5f, Float.NaN, 3f, 2.5f}, user.features());
            assertEquals("r1", user.runId());
            // AND it holds the user's recent orders, latest first, as the join packed them (read through
            // the Parquet column batches); user 8's item has an empty history
            assertTrue(summary.columnar());
            assertEquals(USER_7_ORDERS, FeatureStoreItems.orderHistory(item));
            assertEquals(OrderHistory.none(8), FeatureStoreItems.orderHistory(client.getItem(b -> b.tableName(target.featureTable())
                    .key(Map.of("user_id", AttributeValue.fromN("8")))).item()));
            assertEquals(1, summary.usersWithRecentOrders());
            // AND the catalog has names with their quotes and commas, aisle and department
            Map<String, AttributeValue> yogurt = client.getItem(b -> b.tableName(target.productTable())
                    .key(Map.of("product_id", AttributeValue.fromN("2")))).item();
            assertEquals("Greek, \"Plain\" Yogurt|yogurt|produce",
                    yogurt.get("product_name").s() + "|" + yogurt.get("aisle").s() + "|" + yogurt.get("department").s());
            // AND the layout item names the run's features in vector order, under the fingerprint the users carry
            FeatureLayout layout = FeatureStoreItems.layout(client.getItem(b -> b.tableName(target.featureTable())
                    .key(Map.of("user_id", AttributeValue.fromN("0")))).item());
            assertEquals(List.of("times_bought", "days_since_last"), layout.featureNames());
            assertEquals(user.manifestFingerprint(), layout.manifestFingerprint());
            assertEquals("r1", layout.runId());
            // AND offers the users it wrote as examples, smallest id first
            assertEquals(List.of(7L, 8L), layout.exampleUsers());
            // AND each catalog item holds its "bought together" list in rank order; a product with none has an empty one
            BoughtTogether banana = FeatureStoreItems.boughtTogether(client.getItem(b -> b.tableName(target.productTable())
                    .key(Map.of("product_id", AttributeValue.fromN("1")))).item());
            assertArrayEquals(new long[]{2L, 3L}, banana.similarIds());
            assertArrayEquals(new float[]{0.5f, 0.25f}, banana.scores());
            assertEquals(0, FeatureStoreItems.boughtTogether(yogurt).size());
        }
    }

    @Test
    void rowsOfAUserSplitAcrossTheFileAreRegroupedAndEachUserStillGetsOneWholeItem() throws Exception {
        // GIVEN user 7's rows on both sides of user 8's (not as the join writes them), the recent orders on
        // the later one
        writeRun(List.of(new Object[]{7L, 1L, 70L, "train", 3, 2.5}, new Object[]{8L, 2L, 80L, "test", 1, 14.0},
                new Object[]{7L, 2L, 70L, "train", 5, null, USER_7_ORDERS.pack()}));
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // WHEN loaded
            FeatureStoreLoadJob.Summary summary = load();
            // THEN the rows were regrouped (and so read as Spark rows), and user 7's one item holds both
            // candidates, most-bought first
            assertTrue(summary.regrouped());
            assertFalse(summary.columnar());
            // AND user 7's two rows count as two candidates, though no run of them is longer than one
            assertEquals(2, summary.largestUser());
            assertEquals(new LoadCounts(2, 2, 0, summary.users().bytes()), summary.users());
            UserCandidates user = storedUser(client, 7);
            assertArrayEquals(new long[]{2L, 1L}, user.productIds());
            assertArrayEquals(new float[]{5f, Float.NaN, 3f, 2.5f}, user.features());
            // AND the item holds the recent orders wherever in the user's rows they were
            assertEquals(USER_7_ORDERS, FeatureStoreItems.orderHistory(client.getItem(b -> b.tableName(target.featureTable())
                    .key(Map.of("user_id", AttributeValue.fromN("7")))).item()));
        }
    }

    private UserCandidates storedUser(DynamoDbClient client, long userId) {
        return FeatureStoreItems.fromItem(client.getItem(b -> b.tableName(target.featureTable())
                .key(Map.of("user_id", AttributeValue.fromN(Long.toString(userId))))).item());
    }

    @Test
    void rowsGroupedByUserAsTheJoinWritesThemAreLoadedWithoutAShuffle() throws Exception {
        // GIVEN each user's rows together, user 7's by product id (the join's order), not by times bought
        writeRun(List.of(new Object[]{7L, 1L, 70L, "train", 3, 2.5}, new Object[]{7L, 2L, 70L, "train", 5, null},
                new Object[]{7L, 3L, 70L, "train", 5, 1.0}, new Object[]{8L, 2L, 80L, "test", 1, 14.0}));
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // WHEN loaded
            FeatureStoreLoadJob.Summary summary = load();
            // THEN no shuffle was needed, the rows were read as Parquet's column batches, and the candidates
            // are still ordered by times bought, ties by product id
            assertFalse(summary.regrouped());
            assertTrue(summary.columnar());
            assertEquals(new LoadCounts(2, 2, 0, summary.users().bytes()), summary.users());
            assertArrayEquals(new long[]{2L, 3L, 1L}, storedUser(client, 7).productIds());
        }
    }

    @Test
    void float32FeaturesOverSeveralColumnBatchesComeBackExactlyWithNaNWhereMissing() throws Exception {
        // GIVEN float32 feature columns as the join writes them (few distinct values, so Parquet
        // dictionary-encodes them), 3,000 users x 3 candidates: more rows than one column batch holds,
        // a user's rows crossing a batch boundary, and every eleventh days_since_last missing
        writeRun(List.<Object[]>of(new Object[]{1L, 1L, 10L, "train", 1, 1.0}));
        org.apache.commons.io.FileUtils.deleteDirectory(lake.resolve("training/r1/inference").toFile());
        StructType floats = new StructType()
                .add("user_id", DataTypes.LongType).add("product_id", DataTypes.LongType).add("order_id", DataTypes.LongType)
                .add("eval_set", DataTypes.StringType)
                .add("times_bought", DataTypes.FloatType).add("days_since_last", DataTypes.FloatType)
                .add(JoinJob.RECENT_ORDERS, DataTypes.BinaryType);
        List<Row> rows = new ArrayList<>();
        for (long user = 1; user <= 3000; user++) {
            for (long product = 1; product <= 3; product++) {
                rows.add(RowFactory.create(user, product, user * 10, "test", timesBought(user, product),
                        daysSinceLast(user, product), null));
            }
        }
        spark.createDataFrame(rows, floats).coalesce(1).write().parquet(lake.resolve("training/r1/inference").toString());
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // WHEN loaded
            FeatureStoreLoadJob.Summary summary = load();
            // THEN it read the column batches, and every user's candidates hold exactly the values written
            assertTrue(summary.columnar());
            assertEquals(3000, summary.users().written());
            for (Map<String, AttributeValue> item : scan(client, target.featureTable())) {
                if (Long.parseLong(item.get("user_id").n()) == FeatureStoreItems.LAYOUT_USER_ID) {
                    continue;
                }
                UserCandidates user = FeatureStoreItems.fromItem(item);
                for (int c = 0; c < user.size(); c++) {
                    long product = user.productIds()[c];
                    Float days = daysSinceLast(user.userId(), product);
                    assertEquals(timesBought(user.userId(), product), user.features()[2 * c], "user " + user.userId());
                    assertEquals(Float.floatToRawIntBits(days == null ? Float.NaN : days),
                            Float.floatToRawIntBits(user.features()[2 * c + 1]), "user " + user.userId() + ", product " + product);
                }
            }
        }
    }

    private static float timesBought(long user, long product) {
        return (user + product) % 5;
    }

    private static Float daysSinceLast(long user, long product) {
        return (user * 3 + product) % 11 == 0 ? null : ((user + 2 * product) % 7) * 0.5f;
    }

    @Test
    void aRunWithoutItsBoughtTogetherTableIsRefusedBeforeAnythingIsWrittenNamingTheTable() throws Exception {
        // GIVEN a run whose features step did not write similar_products
        writeRun(List.<Object[]>of(new Object[]{7L, 1L, 70L, "train", 3, 2.5}));
        org.apache.commons.io.FileUtils.deleteDirectory(lake.resolve("features/r1/similar_products").toFile());
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // WHEN loaded
            IllegalStateException error = assertThrows(IllegalStateException.class, this::load);
            // THEN the error names the missing table and the step that writes it, and no item was written
            assertTrue(error.getMessage().contains("similar_products") && error.getMessage().contains("features step"),
                    error.getMessage());
            assertEquals(0, scan(client, target.featureTable()).size());
            assertEquals(0, scan(client, target.productTable()).size());
        }
    }

    @Test
    void loadingTheSameRunAgainLeavesExactlyTheSameItems() throws Exception {
        // GIVEN a run loaded once
        writeRun(List.of(new Object[]{7L, 1L, 70L, "train", 3, 2.5}, new Object[]{8L, 2L, 80L, "test", 1, 14.0}));
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            load();
            List<Map<String, AttributeValue>> first = scan(client, target.featureTable());
            // WHEN it is loaded again
            load();
            // THEN the table holds the same items, no more: the two users and the layout
            List<Map<String, AttributeValue>> second = scan(client, target.featureTable());
            assertEquals(3, second.size());
            assertEquals(users(first), users(second));
        }
    }

    /** The user items of a scan, by user id (the layout item left out). */
    private static List<UserCandidates> users(List<Map<String, AttributeValue>> items) {
        return items.stream().filter(item -> !item.get("user_id").n().equals("0")).map(FeatureStoreItems::fromItem)
                .sorted(java.util.Comparator.comparingLong(UserCandidates::userId)).toList();
    }

    @Test
    void aUserWithMoreCandidatesThanAnItemHoldsKeepsTheMostBoughtAndStaysUnderTheLimit() throws Exception {
        // GIVEN a user with 200 more candidates than fit in one item for 2 features
        int limit = CandidatePacking.maxCandidates(2);
        List<Object[]> rows = new ArrayList<>();
        for (long product = 1; product <= limit + 200; product++) {
            rows.add(new Object[]{9L, product, 90L, "test", (int) product, 1.0});
        }
        writeRun(rows);
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // WHEN loaded (DynamoDB Local rejects items over 400 KB as DynamoDB does)
            FeatureStoreLoadJob.Summary summary = load();
            // THEN the user is counted as trimmed, and kept exactly the `limit` most-bought products
            assertEquals(1, summary.trimmedUsers());
            assertEquals(limit + 200, summary.largestUser());
            UserCandidates user = FeatureStoreItems.fromItem(client.getItem(b -> b.tableName(target.featureTable())
                    .key(Map.of("user_id", AttributeValue.fromN("9")))).item());
            assertEquals(limit, user.size());
            assertEquals(limit + 200L, user.productIds()[0]);
            assertEquals(201L, user.productIds()[limit - 1]);
            assertTrue(summary.largestItemKib() < 400, "largest item " + summary.largestItemKib() + " KiB");
        }
    }

    @Test
    void aUserOverTheLimitLosesTheExploreCandidatesFirst() throws Exception {
        // GIVEN a user with as many bought products as fit in one item (times bought 1..limit), plus
        // three explore candidates, which have no times bought (NULL)
        int limit = CandidatePacking.maxCandidates(2);
        List<Object[]> rows = new ArrayList<>();
        for (long product = 1; product <= limit; product++) {
            rows.add(new Object[]{9L, product, 90L, "test", (int) product, 1.0});
        }
        for (long product = 100_001; product <= 100_003; product++) {
            rows.add(new Object[]{9L, product, 90L, "test", null, 0.5});
        }
        writeRun(rows);
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // WHEN loaded
            FeatureStoreLoadJob.Summary summary = load();
            // THEN the user is trimmed to the limit, keeping every bought product and no explore one
            assertEquals(1, summary.trimmedUsers());
            UserCandidates user = FeatureStoreItems.fromItem(client.getItem(b -> b.tableName(target.featureTable())
                    .key(Map.of("user_id", AttributeValue.fromN("9")))).item());
            assertEquals(limit, user.size());
            for (long product : user.productIds()) {
                assertTrue(product <= limit, "explore candidate " + product + " kept over a bought one");
            }
        }
    }

    @Test
    void aUserAtTheItemLimitWithLargeRecentOrdersKeepsThemWholeAndFewerCandidatesUnderTheLimit() throws Exception {
        // GIVEN a user with as many candidates as fit in an item for 2 features (no feature shared by all), and ten recent orders of
        // 1,000 products with 64-bit ids (tens of KB: a retailer's baskets, not Instacart's)
        int limit = CandidatePacking.maxCandidates(2);
        List<PastOrder> orders = new ArrayList<>();
        for (int o = 0; o < OrderHistory.KEPT; o++) {
            long[] products = new long[1000];
            java.util.Arrays.setAll(products, p -> (1L << 40) + p);
            orders.add(new PastOrder(900L - o, 20 - o, 1, 12, 7.0, products));
        }
        OrderHistory history = new OrderHistory(9, orders);
        byte[] packed = history.pack();
        List<Object[]> rows = new ArrayList<>();
        for (long product = 1; product <= limit; product++) {
            // Both features differ between candidates, so none is stored once for all (the item is full size).
            rows.add(product == 1 ? new Object[]{9L, product, 90L, "test", (int) product, product / 2.0, packed}
                    : new Object[]{9L, product, 90L, "test", (int) product, product / 2.0});
        }
        writeRun(rows);
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // WHEN loaded (DynamoDB Local rejects items over 400 KB as DynamoDB does)
            FeatureStoreLoadJob.Summary summary = load();
            // THEN the item was written with every recent order, and the candidates gave way to them:
            // the most-bought that fit beside them, counted as trimmed
            assertEquals(new LoadCounts(1, 1, 0, summary.users().bytes()), summary.users());
            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(target.featureTable())
                    .key(Map.of("user_id", AttributeValue.fromN("9")))).item();
            assertEquals(history, FeatureStoreItems.orderHistory(item));
            UserCandidates user = FeatureStoreItems.fromItem(item);
            assertTrue(user.size() < limit && user.size() > limit / 2, user.size() + " of " + limit);
            assertEquals(limit, user.productIds()[0]);
            assertEquals(1, summary.trimmedUsers());
        }
    }

    @Test
    void eachUsersMissionsGoIntoTheItemFromTheRowCarryingThemAndTheLayoutNamesTheRunsMissions() throws Exception {
        // GIVEN user 7's missions on the same row as the recent orders, user 8 with none, and the run's missions.json
        writeRun(List.of(new Object[]{7L, 1L, 70L, "train", 3, 2.5, USER_7_ORDERS.pack(), USER_7_MISSIONS.pack()},
                new Object[]{7L, 2L, 70L, "train", 5, null}, new Object[]{8L, 2L, 80L, "test", 1, 14.0}));
        writeMissions();
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // WHEN loaded (read through the Parquet column batches)
            FeatureStoreLoadJob.Summary summary = load();
            assertTrue(summary.columnar());
            // THEN user 7's item holds the missions as a binary attribute, largest share first, beside the orders
            Map<String, AttributeValue> item = storedItem(client, 7);
            assertArrayEquals(USER_7_MISSIONS.pack(), item.get(FeatureStoreItems.MISSIONS).b().asByteArray());
            assertEquals(List.of(2, 3, 1), FeatureStoreItems.fromItem(item).missions().missions().stream()
                    .map(MissionProfile.MissionShare::mission).toList());
            assertEquals(USER_7_ORDERS, FeatureStoreItems.orderHistory(item));
            // AND user 8's item has no missions attribute at all
            assertFalse(storedItem(client, 8).containsKey(FeatureStoreItems.MISSIONS));
            assertTrue(summary.missionsColumn());
            assertEquals(1, summary.usersWithMissions());
            // AND the layout names the run's three missions by id, with their share of orders
            FeatureLayout layout = FeatureStoreItems.layout(storedItem(client, 0));
            assertEquals(List.of(new FeatureLayout.MissionName(1, "fresh fruits & fresh vegetables", 0.5),
                    new FeatureLayout.MissionName(2, "yogurt & milk", 0.3),
                    new FeatureLayout.MissionName(3, "chips pretzels & soft drinks", 0.2)), layout.missions());
            assertEquals(3, summary.namedMissions());
        }
    }

    @Test
    void missionsSplitFromTheRestOfTheUsersRowsAreStillFoundWhenTheRowsAreRegrouped() throws Exception {
        // GIVEN user 7's rows on both sides of user 8's, the missions on the later one
        writeRun(List.of(new Object[]{7L, 1L, 70L, "train", 3, 2.5}, new Object[]{8L, 2L, 80L, "test", 1, 14.0},
                new Object[]{7L, 2L, 70L, "train", 5, null, USER_7_ORDERS.pack(), USER_7_MISSIONS.pack()}));
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // WHEN loaded (regrouped, so read as Spark rows), the run having no missions.json
            FeatureStoreLoadJob.Summary summary = load();
            assertFalse(summary.columnar());
            // THEN user 7's item still holds the missions, and the layout names none
            assertEquals(USER_7_MISSIONS, FeatureStoreItems.fromItem(storedItem(client, 7)).missions());
            assertEquals(List.of(), FeatureStoreItems.layout(storedItem(client, 0)).missions());
            assertEquals(0, summary.namedMissions());
        }
    }

    @Test
    void inferenceRowsJoinedBeforeMissionsStillLoadWithoutMissionsAndSaySo() throws Exception {
        // GIVEN inference rows written by a join older than the missions (no such column), with recent orders
        writeRun(List.of(new Object[]{7L, 1L, 70L, "train", 3, 2.5, USER_7_ORDERS.pack()}, new Object[]{8L, 2L, 80L, "test", 1, 14.0}));
        dropInferenceColumn(JoinJob.TOP_MISSIONS);
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = System.out;
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // WHEN loaded
            FeatureStoreLoadJob.Summary summary;
            System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                summary = load();
            } finally {
                System.setOut(out);
            }
            // THEN every user item is written, still read as column batches, with the orders and no missions
            assertEquals(new LoadCounts(2, 2, 0, summary.users().bytes()), summary.users());
            assertTrue(summary.columnar());
            assertEquals(USER_7_ORDERS, FeatureStoreItems.orderHistory(storedItem(client, 7)));
            assertFalse(storedItem(client, 7).containsKey(FeatureStoreItems.MISSIONS));
            assertFalse(summary.missionsColumn());
            assertEquals(0, summary.usersWithMissions());
            // AND the load said so in one line naming the column
            List<String> lines = printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(line -> line.contains(JoinJob.TOP_MISSIONS)).toList();
            assertEquals(1, lines.size(), printed.toString(java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(lines.get(0).contains("without missions"), lines.get(0));
        }
    }

    @Test
    void aMalformedMissionProfileIsAnErrorNamingTheUser() throws Exception {
        // GIVEN user 7's missions column holding bytes that are not whole missions
        writeRun(List.<Object[]>of(new Object[]{7L, 1L, 70L, "train", 3, 2.5, USER_7_ORDERS.pack(), new byte[]{1, 2, 3}}));
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // WHEN loaded THEN the load fails, naming the user
            Exception error = assertThrows(Exception.class, this::load);
            String messages = causes(error);
            assertTrue(messages.contains("user 7") && messages.contains("mission profile"), messages);
        }
    }

    /** Every message in an exception's chain (Spark wraps a task's failure). */
    private static String causes(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    @Test
    void inferenceRowsWithoutRecentOrdersAreRefusedBeforeAnythingIsWritten() throws Exception {
        // GIVEN inference rows written by a join older than the recent orders (no such column)
        writeRun(List.<Object[]>of(new Object[]{7L, 1L, 70L, "train", 3, 2.5}));
        dropInferenceColumn(JoinJob.RECENT_ORDERS);
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // WHEN loaded
            IllegalStateException error = assertThrows(IllegalStateException.class, this::load);
            // THEN the error names the column and the step to run again, and no item was written
            assertTrue(error.getMessage().contains(JoinJob.RECENT_ORDERS) && error.getMessage().contains("join step"),
                    error.getMessage());
            assertEquals(0, scan(client, target.featureTable()).size());
        }
    }
}
