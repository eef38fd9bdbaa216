package dev.replenish.glue.join;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.features.FeatureManifest;
import dev.replenish.core.featurestore.OrderHistory;
import dev.replenish.core.featurestore.PastOrder;
import dev.replenish.glue.SharedSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The join on a real Spark local[2] session. Fixture: user 1 (train) bought products 1 and 2 before
 * and orders 1 and 3 next; user 2 (test) bought product 3 before; user 3 (train) bought product 2
 * before and orders only product 1 next, so none of user 3's candidates is re-ordered.
 */
class JoinJobTest {

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path lake;

    private static final StructType ORDERS = new StructType()
            .add("order_id", DataTypes.LongType).add("user_id", DataTypes.LongType).add("eval_set", DataTypes.StringType);
    private static final StructType PRODUCTS = new StructType()
            .add("product_id", DataTypes.LongType).add("aisle_id", DataTypes.LongType).add("department_id", DataTypes.LongType);
    private static final StructType LINES = new StructType()
            .add("order_id", DataTypes.LongType).add("product_id", DataTypes.LongType);
    private static final StructType USER_PRODUCT = new StructType()
            .add("user_id", DataTypes.LongType).add("product_id", DataTypes.LongType)
            .add("times_bought", DataTypes.IntegerType).add("in_last_order", DataTypes.BooleanType)
            .add(NeighbourSource.WEIGHT, DataTypes.DoubleType);
    private static final StructType USER = new StructType()
            .add("user_id", DataTypes.LongType).add("mean_basket_size", DataTypes.DoubleType);
    private static final StructType AISLE = new StructType()
            .add("aisle_id", DataTypes.LongType).add("reorder_rate", DataTypes.DoubleType);
    private static final StructType DEPARTMENT = new StructType()
            .add("department_id", DataTypes.LongType).add("reorder_rate", DataTypes.DoubleType);
    /** As the features step writes user_recent_orders (DuckDB: ids BIGINT, timing INTEGER/DOUBLE, products BIGINT[]). */
    private static final StructType RECENT_ORDERS = new StructType()
            .add("user_id", DataTypes.LongType).add("order_id", DataTypes.LongType).add("order_number", DataTypes.IntegerType)
            .add("order_dow", DataTypes.IntegerType).add("order_hour_of_day", DataTypes.IntegerType)
            .add("days_since_prior_order", DataTypes.DoubleType)
            .add("product_ids", DataTypes.createArrayType(DataTypes.LongType));

    private void write(String key, StructType schema, Object[]... rows) {
        List<Row> list = Arrays.stream(rows).map(RowFactory::create).toList();
        spark.createDataFrame(list, schema).coalesce(1).write().mode("overwrite").parquet(lake.resolve(key).toString());
    }

    private void writeFixture(Object[]... trainLines) {
        write("curated/orders", ORDERS,
                new Object[]{10L, 1L, "prior"}, new Object[]{11L, 1L, "train"},
                new Object[]{20L, 2L, "prior"}, new Object[]{21L, 2L, "test"},
                new Object[]{30L, 3L, "prior"}, new Object[]{31L, 3L, "train"});
        write("curated/products", PRODUCTS,
                new Object[]{1L, 100L, 7L}, new Object[]{2L, 100L, 7L}, new Object[]{3L, 200L, 8L});
        write("curated/order_products_train", LINES, trainLines);
        write("features/r1/user_product_features", USER_PRODUCT,
                new Object[]{1L, 1L, 1, true, 1.0}, new Object[]{1L, 2L, 1, false, 1.0},
                new Object[]{2L, 3L, 1, true, 1.0}, new Object[]{3L, 2L, 1, true, 1.0});
        write("features/r1/user_features", USER, new Object[]{1L, 2.0}, new Object[]{2L, 1.0}, new Object[]{3L, 1.0});
        write("features/r1/aisle_features", AISLE, new Object[]{100L, 0.5}, new Object[]{200L, 0.25});
        write("features/r1/department_features", DEPARTMENT, new Object[]{7L, 0.75}, new Object[]{8L, 0.125});
        // User 1's two latest prior orders (the later one written first), user 2's one; user 3 has none here.
        write("features/r1/" + JoinJob.RECENT_ORDERS_TABLE, RECENT_ORDERS,
                new Object[]{1L, 10L, 2, 3, 14, 7.0, List.of(2L, 1L)},
                new Object[]{2L, 20L, 1, null, null, null, List.of(3L)},
                new Object[]{1L, 8L, 1, 1, 9, null, List.of(1L)});
    }

    /** One recent order per prior order of a test's own orders ({order_id, user_id, eval_set}), with no products. */
    private void writeRecentOrdersOf(List<Object[]> orders) {
        write("features/r1/" + JoinJob.RECENT_ORDERS_TABLE, RECENT_ORDERS, orders.stream().filter(o -> o[2].equals("prior"))
                .map(o -> new Object[]{o[1], o[0], 1, null, null, null, List.of()}).toArray(Object[][]::new));
    }

    private static final Object[][] TRAIN_LINES = {
            new Object[]{11L, 1L}, new Object[]{11L, 3L}, new Object[]{31L, 1L}};

    /** Neighbour votes only, no neighbour explore candidates: the tests of the join's other rules. */
    private static final ReplenishConfig.CandidateSources VOTES_ONLY = ReplenishConfig.defaults().candidateSources()
            .withJoinSources(0, new ReplenishConfig.NeighbourVotes(1000, 1000, 10, 0, 0.9));

    /** Missions found (every join finds them) but given to no model, and no latent factors: the tests of the join's other rules. */
    private static final ReplenishConfig.Missions MISSIONS_ONLY_FOUND = new ReplenishConfig.Missions(false, 2, "aisle", 5, 100);
    private static final ReplenishConfig.LatentFactors NO_FACTORS = new ReplenishConfig.LatentFactors(false, 0, 10, 2, 5, 0.1, 1.0);
    /** Every feature and source the missions and the latent factors give. */
    private static final ReplenishConfig.Missions MISSION_FEATURES = new ReplenishConfig.Missions(true, 2, "aisle", 5, 100);
    private static final ReplenishConfig.LatentFactors FACTOR_FEATURES = new ReplenishConfig.LatentFactors(true, 1, 10, 2, 5, 0.1, 1.0);

    private JoinSummary join(double validationFraction) {
        return join(validationFraction, VOTES_ONLY);
    }

    private JoinSummary join(double validationFraction, ReplenishConfig.CandidateSources sources) {
        return join(validationFraction, sources, MISSIONS_ONLY_FOUND, NO_FACTORS);
    }

    private JoinSummary join(double validationFraction, ReplenishConfig.CandidateSources sources,
                             ReplenishConfig.Missions missions, ReplenishConfig.LatentFactors factors) {
        writeMissionInputs();
        return JoinJob.run(spark, lake.toString(), "r1", validationFraction, sources, missions, factors);
    }

    /**
     * What the missions read and the tests' own tables leave out, derived from them: products'
     * names, the aisles, and one prior line per row of user_product_features (in the user's first
     * prior order).
     */
    private void writeMissionInputs() {
        List<Row> products = spark.read().parquet(lake.resolve("curated/products").toString()).collectAsList();
        write("curated/products", PRODUCTS.add("product_name", DataTypes.StringType), products.stream()
                .map(p -> new Object[]{p.getLong(0), p.getLong(1), p.getLong(2), "product " + p.getLong(0)}).toArray(Object[][]::new));
        write("curated/aisles", new StructType().add("aisle_id", DataTypes.LongType).add("aisle", DataTypes.StringType),
                products.stream().map(p -> p.getLong(1)).distinct().map(a -> new Object[]{a, "aisle " + a}).toArray(Object[][]::new));
        Map<Long, Long> firstPriorOrder = new HashMap<>();
        spark.read().parquet(lake.resolve("curated/orders").toString()).collectAsList().stream()
                .filter(o -> o.getString(2).equals("prior"))
                .forEach(o -> firstPriorOrder.merge(o.getLong(1), o.getLong(0), Math::min));
        List<Object[]> priorLines = spark.read().parquet(lake.resolve("features/r1/user_product_features").toString())
                .select("user_id", "product_id").collectAsList().stream()
                .filter(up -> firstPriorOrder.containsKey(up.getLong(0)))
                .map(up -> new Object[]{firstPriorOrder.get(up.getLong(0)), up.getLong(1)}).toList();
        write("curated/order_products_prior", LINES, priorLines.toArray(Object[][]::new));
    }

    /** Columns the older tests leave out of their expected rows: asserted on their own, below. */
    private static final List<String> ASSERTED_APART = List.of(TargetShare.FEATURE, TargetShare.REPEAT_RATE, TargetShare.EXPLORE_RATE,
            TargetShare.FROM_TARGET_POPULAR, TargetShare.TARGET_POPULAR_RANK,
            NeighbourSource.FROM_NEIGHBOURS, NeighbourSource.VOTE, NeighbourSource.EXPLORE_RANK);

    private List<String> csvLines(String split) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(lake.resolve("training/r1/" + split))) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".csv")).toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return lines;
    }

    /**
     * The inference rows' ids and features, without the out-of-fold target share (asserted on its own,
     * below) and without the label and split that follow the features (asserted through the CSVs).
     */
    private List<String> inference() {
        return spark.read().parquet(lake.resolve("training/r1/inference").toString()).drop(ASSERTED_APART.toArray(String[]::new))
                .drop("label", "split", JoinJob.RECENT_ORDERS, JoinJob.TOP_MISSIONS)
                .orderBy("user_id", "product_id").collectAsList().stream().map(Row::toString).toList();
    }

    /** Train and validation CSV lines without the columns asserted apart (located by the manifest). */
    private List<String> labelledLinesWithoutTargetShare() throws IOException {
        List<String> names = new ArrayList<>(List.of("label"));
        names.addAll(FeatureManifest.fromJson(Files.readString(lake.resolve("training/r1/" + FeatureManifest.FILE_NAME)), "test")
                .featureNames());
        List<String> lines = new ArrayList<>(csvLines("train"));
        lines.addAll(csvLines("validation"));
        return lines.stream().map(line -> {
            String[] fields = line.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < fields.length; i++) {
                if (!ASSERTED_APART.contains(names.get(i))) {
                    kept.add(fields[i]);
                }
            }
            return String.join(",", kept);
        }).sorted().toList();
    }

    @Test
    void buildsOneLabelledRowPerPriorProductOfEachTrainUserAndUnlabelledRowsForTestUsers() throws IOException {
        // GIVEN the fixture
        writeFixture(TRAIN_LINES);
        // WHEN the join runs
        JoinSummary summary = join(0.5);
        // THEN every (user, prior product) of a user with a train/test order is a candidate; product 3,
        // which user 1 orders next but never bought before, is not
        assertEquals(4, summary.candidateRows());
        // (columns: ids, eval_set, then features in manifest order: aisle and department reorder
        // rates, mean basket size, times bought, in last order)
        assertEquals(List.of(
                        "[1,1,11,train,0.5,0.75,2.0,1,1,1.0]",
                        "[1,2,11,train,0.5,0.75,2.0,1,0,1.0]",
                        "[2,3,21,test,0.25,0.125,1.0,1,1,1.0]",
                        "[3,2,31,train,0.5,0.75,1.0,1,1,1.0]"),
                inference());
        // AND the labelled rows are the train users': 1 for user 1's product 1 only; user 3 gets a 0, not no row
        assertEquals(List.of("0,0.5,0.75,1.0,1,1,1.0", "0,0.5,0.75,2.0,1,0,1.0", "1,0.5,0.75,2.0,1,1,1.0"),
                labelledLinesWithoutTargetShare());
        assertEquals(3, summary.trainRows() + summary.validationRows());
        assertEquals(1.0 / 3, summary.positiveShare(), 1e-9);
    }

    @Test
    void theEvaluationCsvHoldsTheValidationRowsWithIdsThenLabelThenFeaturesAndNoHeader() throws IOException {
        // GIVEN the fixture WHEN the join runs
        writeFixture(TRAIN_LINES);
        join(0.5);
        FeatureManifest manifest = FeatureManifest.fromJson(
                Files.readString(lake.resolve("training/r1/" + FeatureManifest.FILE_NAME)), "test");

        // THEN the manifest documents the order: ids, label, features
        List<String> expected = new ArrayList<>(List.of("user_id", "product_id", "order_id", "label"));
        expected.addAll(manifest.featureNames());
        assertEquals(expected, manifest.evaluationCsvColumns());
        // AND evaluation-csv/ holds exactly the validation CSV's rows, each prefixed with its ids, no header
        List<String> rows = csvLines(JoinJob.EVALUATION_CSV);
        List<String> validation = csvLines("validation");
        assertEquals(validation.size(), rows.size());
        assertEquals(validation.stream().sorted().toList(),
                rows.stream().map(row -> row.split(",", 4)[3]).sorted().toList());
        for (String row : rows) {
            String[] fields = row.split(",", -1);
            assertEquals(expected.size(), fields.length, row);
            Long.parseLong(fields[0]);
            Long.parseLong(fields[2]);
        }
        // AND, like the training channels, part files only (batch transform reads every object under the prefix)
        try (Stream<Path> files = Files.list(lake.resolve("training/r1/" + JoinJob.EVALUATION_CSV))) {
            assertTrue(files.allMatch(f -> f.getFileName().toString().startsWith("part-")));
        }
    }

    @Test
    void everyFractionalFeatureIsStoredAsTheFloat32TheModelReadsInTheParquetAndCsvAlike() throws IOException {
        // GIVEN the fixture with an aisle reorder rate of 1/3, which no float32 holds exactly
        writeFixture(TRAIN_LINES);
        write("features/r1/aisle_features", AISLE, new Object[]{100L, 1.0 / 3}, new Object[]{200L, 0.25});
        // WHEN the join runs
        join(0.5);
        FeatureManifest manifest = FeatureManifest.fromJson(
                Files.readString(lake.resolve("training/r1/" + FeatureManifest.FILE_NAME)), "test");
        // THEN the inference rows hold the double-valued feature tables' columns as float32
        StructType inference = spark.read().parquet(lake.resolve("training/r1/inference").toString()).schema();
        assertEquals(DataTypes.FloatType, inference.apply("aisle_features__reorder_rate").dataType());
        assertEquals(DataTypes.FloatType, inference.apply(TargetShare.FEATURE).dataType());
        // AND every CSV field of a validation row is the text of the float in its evaluation row (the
        // model trains on what scoring and the feature store read), 1/3 as float32's "0.33333334"
        List<String> columns = manifest.evaluationCsvColumns();
        Map<String, Row> parquetRows = new HashMap<>();
        for (Row row : spark.read().parquet(lake.resolve("training/r1/evaluation").toString()).collectAsList()) {
            parquetRows.put(row.getAs("user_id") + "/" + row.getAs("product_id"), row);
        }
        List<String> rows = csvLines(JoinJob.EVALUATION_CSV);
        assertTrue(!rows.isEmpty());
        Set<String> aisleRates = new TreeSet<>();
        for (String line : rows) {
            String[] fields = line.split(",", -1);
            Row parquet = parquetRows.get(fields[0] + "/" + fields[1]);
            assertNotNull(parquet, line);
            for (int i = 4; i < fields.length; i++) {
                Object value = parquet.getAs(columns.get(i));
                assertEquals(value == null ? "" : value.toString(), fields[i], columns.get(i) + " in " + line);
            }
            aisleRates.add(fields[columns.indexOf("aisle_features__reorder_rate")]);
        }
        List<String> labelled = new ArrayList<>(csvLines("train"));
        labelled.addAll(csvLines("validation"));
        int aisleRate = 1 + manifest.featureNames().indexOf("aisle_features__reorder_rate");
        labelled.forEach(line -> aisleRates.add(line.split(",", -1)[aisleRate]));
        assertEquals(Set.of("0.33333334"), aisleRates, "the labelled rows are of aisle 100's products");
    }

    @Test
    void theTrainingChannelsHoldOnlyCsvPartsForSageMakerNoSuccessMarkerOrChecksums() throws IOException {
        // GIVEN the fixture WHEN the join runs
        writeFixture(TRAIN_LINES);
        join(0.5);

        // THEN train/ and validation/, which SageMaker reads file by file, hold part files only
        for (String split : List.of("train", "validation")) {
            try (Stream<Path> files = Files.list(lake.resolve("training/r1/" + split))) {
                List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
                assertTrue(!names.isEmpty() && names.stream().allMatch(n -> n.startsWith("part-") && n.endsWith(".csv")),
                        split + ": " + names);
            }
        }
    }

    @Test
    void theManifestListsTheCsvColumnsAfterTheLabelOneToOneQualifyingSharedNames() throws IOException {
        // GIVEN aisle and department tables that both have a column reorder_rate
        writeFixture(TRAIN_LINES);
        // WHEN the join runs
        join(0.5);
        // THEN the manifest names every feature once, in table-name order, qualifying the shared name
        FeatureManifest manifest = FeatureManifest.fromJson(
                Files.readString(lake.resolve("training/r1/feature-manifest.json")), "manifest");
        assertEquals(List.of("aisle_features__reorder_rate", "department_features__reorder_rate",
                NeighbourSource.FROM_NEIGHBOURS, NeighbourSource.VOTE, NeighbourSource.EXPLORE_RANK, "mean_basket_size",
                "times_bought", "in_last_order", NeighbourSource.WEIGHT, TargetShare.FROM_TARGET_POPULAR,
                TargetShare.TARGET_POPULAR_RANK, TargetShare.FEATURE, TargetShare.REPEAT_RATE,
                TargetShare.EXPLORE_RATE), manifest.featureNames());
        assertEquals("INTEGER", manifest.features().get(7).type(), "booleans become 0/1 integers");
        // AND every CSV line has the label plus exactly those columns
        List<String> lines = new ArrayList<>(csvLines("train"));
        lines.addAll(csvLines("validation"));
        for (String line : lines) {
            assertEquals(1 + manifest.features().size(), line.split(",", -1).length, line);
        }
        // AND the inference Parquet has the ids, eval_set, the features in manifest order, then the label,
        // the split, the recent orders and the top missions
        List<String> columns = Arrays.asList(spark.read().parquet(lake.resolve("training/r1/inference").toString()).columns());
        assertEquals(List.of("user_id", "product_id", "order_id", "eval_set"), columns.subList(0, 4));
        int afterFeatures = 4 + manifest.features().size();
        manifest.requireSameFeatures(columns.subList(4, afterFeatures), "inference");
        assertEquals(List.of("label", "split", JoinJob.RECENT_ORDERS, JoinJob.TOP_MISSIONS), columns.subList(afterFeatures, columns.size()));
    }

    @Test
    void eachUsersRecentOrdersArePackedOnExactlyOneInferenceRowAndInNoTrainingOrEvaluationOutput() throws IOException {
        // GIVEN the fixture: user 1's two latest prior orders (#2 then #1), user 2's one, none for user 3
        writeFixture(TRAIN_LINES);
        // WHEN the join runs
        JoinSummary summary = join(0.5);
        // THEN each user with orders has exactly one inference row carrying them, the row of the user's
        // smallest product id; every other row has none
        Map<Long, List<Row>> carriers = new HashMap<>();
        Map<Long, Long> smallestProduct = new HashMap<>();
        for (Row row : spark.read().parquet(lake.resolve("training/r1/inference").toString()).collectAsList()) {
            long user = row.getAs("user_id");
            smallestProduct.merge(user, (Long) row.getAs("product_id"), Math::min);
            if (!row.isNullAt(row.fieldIndex(JoinJob.RECENT_ORDERS))) {
                carriers.computeIfAbsent(user, u -> new ArrayList<>()).add(row);
            }
        }
        assertEquals(Set.of(1L, 2L), carriers.keySet());
        for (Map.Entry<Long, List<Row>> user : carriers.entrySet()) {
            assertEquals(1, user.getValue().size(), "rows carrying user " + user.getKey() + "'s orders");
            assertEquals(smallestProduct.get(user.getKey()), user.getValue().get(0).<Long>getAs("product_id"));
        }
        assertEquals(2, summary.usersWithRecentOrders());
        // AND they decode to the user's orders, latest first, with timing and products in cart order as written
        OrderHistory user1 = OrderHistory.unpack(1, carriers.get(1L).get(0).getAs(JoinJob.RECENT_ORDERS));
        assertEquals(List.of(new PastOrder(10L, 2, 3, 14, 7.0, new long[]{2L, 1L}), new PastOrder(8L, 1, 1, 9, null, new long[]{1L})),
                user1.orders());
        OrderHistory user2 = OrderHistory.unpack(2, carriers.get(2L).get(0).getAs(JoinJob.RECENT_ORDERS));
        assertEquals(List.of(new PastOrder(20L, 1, null, null, null, new long[]{3L})), user2.orders());
        // AND no training line gains a column (label + the manifest's features), no evaluation row holds
        // them, and no feature of the manifest comes from them
        FeatureManifest manifest = FeatureManifest.fromJson(Files.readString(lake.resolve("training/r1/" + FeatureManifest.FILE_NAME)), "test");
        List<String> lines = new ArrayList<>(csvLines("train"));
        lines.addAll(csvLines("validation"));
        assertTrue(!lines.isEmpty());
        for (String line : lines) {
            assertEquals(1 + manifest.features().size(), line.split(",", -1).length, line);
        }
        assertTrue(Arrays.stream(spark.read().parquet(lake.resolve("training/r1/evaluation").toString()).columns())
                .noneMatch(JoinJob.RECENT_ORDERS::equals));
        assertTrue(manifest.features().stream().noneMatch(f -> f.source().equals(JoinJob.RECENT_ORDERS_TABLE)
                || f.name().contains("order_number") || f.name().contains("product_ids")), manifest.featureNames().toString());
    }

    @Test
    void aRunWithoutItsRecentOrdersTableIsRefusedNamingTheTableAndTheStep() throws IOException {
        // GIVEN a run whose features step wrote no user_recent_orders
        writeFixture(TRAIN_LINES);
        org.apache.commons.io.FileUtils.deleteDirectory(lake.resolve("features/r1/" + JoinJob.RECENT_ORDERS_TABLE).toFile());
        // WHEN the join runs THEN it stops before writing anything, naming the table and the step to run
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> join(0.5));
        assertTrue(error.getMessage().contains(JoinJob.RECENT_ORDERS_TABLE) && error.getMessage().contains("features step"),
                error.getMessage());
        assertTrue(!Files.exists(lake.resolve("training/r1/inference")));
    }

    @Test
    void changingTrainOrderLinesChangesLabelsButNoFeatureTableValue() {
        // GIVEN the fixture joined once
        writeFixture(TRAIN_LINES);
        join(0.5);
        List<String> before = inference();
        // WHEN the train orders' lines change completely and the join runs again
        writeFixture(new Object[]{11L, 2L}, new Object[]{31L, 2L});
        join(0.5);
        // THEN the inference rows (ids and every feature table's values) are identical: train lines reach
        // only the label and the out-of-fold target share
        assertEquals(before, inference());
    }

    @Test
    void theSplitIsStableAcrossRunsAndNearTheRequestedFraction() {
        // GIVEN 2,000 train users with one candidate each
        List<Object[]> orders = new ArrayList<>();
        List<Object[]> up = new ArrayList<>();
        for (long user = 1; user <= 2000; user++) {
            orders.add(new Object[]{user * 10, user, "prior"});
            orders.add(new Object[]{user * 10 + 1, user, "train"});
            up.add(new Object[]{user, 1L, 1, true, 1.0});
        }
        write("curated/orders", ORDERS, orders.toArray(Object[][]::new));
        writeRecentOrdersOf(orders);
        write("curated/products", PRODUCTS, new Object[]{1L, 100L, 7L});
        write("curated/order_products_train", LINES, new Object[]{11L, 1L});
        write("features/r1/user_product_features", USER_PRODUCT, up.toArray(Object[][]::new));
        // WHEN the join runs twice with a 10% validation share
        Set<String> first = validationUsers();
        Set<String> second = validationUsers();
        // THEN the same users are held out, about 10% of them
        assertEquals(first, second);
        assertTrue(first.size() > 140 && first.size() < 260, "validation users: " + first.size());
    }

    private Set<String> validationUsers() {
        join(0.1);
        return spark.read().parquet(lake.resolve("training/r1/evaluation").toString()).select("user_id")
                .collectAsList().stream().map(r -> String.valueOf(r.getLong(0))).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void aFeatureTableWithRepeatedKeysIsAnErrorNotDuplicatedRows() {
        // GIVEN a user table with two rows for user 1
        writeFixture(TRAIN_LINES);
        write("features/r1/user_features", USER, new Object[]{1L, 2.0}, new Object[]{1L, 3.0}, new Object[]{2L, 1.0});
        // WHEN the join runs THEN it stops, saying the grain is wrong
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> join(0.5));
        assertTrue(error.getMessage().contains("more than one row per key"), error.getMessage());
    }

    @Test
    void aTextFeatureColumnIsRefusedNamingTableAndColumn() {
        // GIVEN a feature table with a string column
        writeFixture(TRAIN_LINES);
        write("features/r1/user_features", new StructType().add("user_id", DataTypes.LongType).add("segment", DataTypes.StringType),
                new Object[]{1L, "a"});
        // WHEN the join runs THEN the error names the table and the column
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> join(0.5));
        assertEquals("feature table user_features: column segment is string; features must be numbers or booleans", error.getMessage());
    }

    @Test
    void theCandidatesTableAddsExploreRowsLabelledByTheTrainOrderAndIntermediateTablesAreNotJoined() throws IOException {
        // GIVEN the fixture plus a candidates table proposing product 3 to users 1 and 3, who never bought
        // it (user 1's train order holds it, user 3's does not), and a similar_products table keyed by an
        // id the join does not know
        writeFixture(TRAIN_LINES);
        StructType candidates = new StructType().add("user_id", DataTypes.LongType).add("product_id", DataTypes.LongType)
                .add("candidate_from_history", DataTypes.IntegerType).add("candidate_similar_score", DataTypes.DoubleType);
        write("features/r1/candidates", candidates,
                new Object[]{1L, 1L, 1, 0.5}, new Object[]{1L, 2L, 1, null}, new Object[]{1L, 3L, 0, 0.25},
                new Object[]{2L, 3L, 1, null}, new Object[]{3L, 2L, 1, null}, new Object[]{3L, 3L, 0, 0.125});
        write("features/r1/similar_products", new StructType().add("product_id", DataTypes.LongType)
                        .add("similar_product_id", DataTypes.LongType).add("score", DataTypes.DoubleType),
                new Object[]{1L, 3L, 0.9});
        // WHEN the join runs
        JoinSummary summary = join(0.5);
        // THEN every candidate is a row, the explore ones without user-product features
        // (features by table name: aisle rate, candidate_from_history, candidate_similar_score,
        // department rate, mean basket size, times bought, in last order)
        assertEquals(6, summary.candidateRows());
        assertEquals(List.of(
                        "[1,1,11,train,0.5,1,0.5,0.75,2.0,1,1,1.0]",
                        "[1,2,11,train,0.5,1,null,0.75,2.0,1,0,1.0]",
                        "[1,3,11,train,0.25,0,0.25,0.125,2.0,null,null,null]",
                        "[2,3,21,test,0.25,1,null,0.125,1.0,1,1,1.0]",
                        "[3,2,31,train,0.5,1,null,0.75,1.0,1,1,1.0]",
                        "[3,3,31,train,0.25,0,0.125,0.125,1.0,null,null,null]"),
                inference());
        // AND the label says whether the product is in the train order, new or not: user 1's product 3 is a 1
        assertEquals(List.of("0,0.25,0,0.125,0.125,1.0,,,", "0,0.5,1,,0.75,1.0,1,1,1.0", "0,0.5,1,,0.75,2.0,1,0,1.0",
                "1,0.25,0,0.25,0.125,2.0,,,", "1,0.5,1,0.5,0.75,2.0,1,1,1.0"), labelledLinesWithoutTargetShare());
        // AND no column of similar_products reaches the manifest
        FeatureManifest manifest = FeatureManifest.fromJson(
                Files.readString(lake.resolve("training/r1/feature-manifest.json")), "manifest");
        assertTrue(manifest.featureNames().stream().noneMatch(name -> name.contains("score") && !name.startsWith("candidate_")),
                manifest.featureNames().toString());
    }

    @Test
    void theTargetShareCountsTrainingUsersTargetsButNeverTheRowsOwn() {
        // GIVEN four train users and a test user who all bought products 1 and 9 before; only user 1's
        // train order holds 9, users 2-4's hold 1; a validation share so small that every train user trains
        List<Object[]> orders = new ArrayList<>();
        List<Object[]> history = new ArrayList<>();
        for (long user = 1; user <= 5; user++) {
            orders.add(new Object[]{user * 10, user, "prior"});
            orders.add(new Object[]{user * 10 + 1, user, user == 5 ? "test" : "train"});
            history.add(new Object[]{user, 1L, 1, true, 1.0});
            history.add(new Object[]{user, 9L, 1, true, 1.0});
        }
        write("curated/orders", ORDERS, orders.toArray(Object[][]::new));
        writeRecentOrdersOf(orders);
        write("curated/products", PRODUCTS, new Object[]{1L, 100L, 7L}, new Object[]{9L, 100L, 7L});
        write("curated/order_products_train", LINES,
                new Object[]{11L, 9L}, new Object[]{21L, 1L}, new Object[]{31L, 1L}, new Object[]{41L, 1L});
        write("features/r1/user_product_features", USER_PRODUCT, history.toArray(Object[][]::new));
        // WHEN the join runs
        join(0.0001);
        java.util.Map<String, Float> share = new java.util.TreeMap<>();
        spark.read().parquet(lake.resolve("training/r1/inference").toString()).collectAsList().forEach(row ->
                share.put(row.getAs("user_id") + "/" + row.getAs("product_id"), row.getAs(TargetShare.FEATURE)));
        // THEN the test user reads every training user: 9 is in 1 of 4 targets, 1 in 3 of 4
        assertEquals(0.25f, share.get("5/9"));
        assertEquals(0.75f, share.get("5/1"));
        // AND user 1's own target, the only one holding 9, is not in user 1's own row
        assertEquals(0.0, share.get("1/9"), 1e-12);
    }

    @Test
    void theNeighbourSourceProposesWhatTheNearestUsersBoughtAndVotesForEveryOwnProduct() throws IOException {
        // GIVEN the fixture (user 3 bought product 2 before and orders product 1 next; user 1, the only
        // other buyer of product 2, bought 1 and 2), a candidates table of the users' own products, and a
        // neighbour source proposing up to 5 explore products
        writeFixture(TRAIN_LINES);
        write("features/r1/candidates", new StructType().add("user_id", DataTypes.LongType)
                        .add("product_id", DataTypes.LongType).add("candidate_from_history", DataTypes.IntegerType),
                new Object[]{1L, 1L, 1}, new Object[]{1L, 2L, 1}, new Object[]{2L, 3L, 1}, new Object[]{3L, 2L, 1});
        // WHEN the join runs
        JoinSummary summary = join(0.5,
                ReplenishConfig.defaults().candidateSources().withJoinSources(0, new ReplenishConfig.NeighbourVotes(1000, 1000, 10, 5, 0.9)));
        // THEN user 3 gets product 1 as a new candidate, voted .5 by user 1 (shares 1/2 and 1/2), ranked
        // first, labelled 1 because user 3's train order holds it, and flagged 0 (not missing) by history
        assertEquals(5, summary.candidateRows());
        assertEquals(1, summary.proposedBy(JoinJob.FROM_NEIGHBOURS));
        assertEquals(4, summary.proposedBy(JoinJob.FROM_HISTORY), "the history flag of the neighbour-only row is 0, not missing");
        java.util.Map<String, Row> rows = new java.util.TreeMap<>();
        spark.read().parquet(lake.resolve("training/r1/inference").toString()).collectAsList()
                .forEach(row -> rows.put(row.getAs("user_id") + "/" + row.getAs("product_id"), row));
        Row explore = rows.get("3/1");
        assertEquals(1, (int) explore.getAs(NeighbourSource.FROM_NEIGHBOURS));
        assertEquals(0.5f, (float) explore.getAs(NeighbourSource.VOTE));
        assertEquals(1L, (long) explore.getAs(NeighbourSource.EXPLORE_RANK));
        assertEquals(0, (int) explore.getAs("candidate_from_history"));
        List<String> names = FeatureManifest.fromJson(Files.readString(lake.resolve("training/r1/" + FeatureManifest.FILE_NAME)), "test")
                .featureNames();
        int flag = 1 + names.indexOf(NeighbourSource.FROM_NEIGHBOURS);
        List<String> labelled = new ArrayList<>(csvLines("train"));
        labelled.addAll(csvLines("validation"));
        List<String> proposed = labelled.stream().filter(line -> line.split(",", -1)[flag].equals("1")).toList();
        assertEquals(1, proposed.size(), labelled.toString());
        assertTrue(proposed.get(0).startsWith("1,"), "the explore row's label: " + proposed.get(0));
        // AND user 1's own product 2 carries user 3's whole vote (1.0), product 1 a vote of 0 (user 3 never
        // bought it), and user 2, who shares nothing, votes 0 on its own product
        assertEquals(1.0f, (float) rows.get("1/2").getAs(NeighbourSource.VOTE));
        assertEquals(0.0f, (float) rows.get("1/1").getAs(NeighbourSource.VOTE));
        assertEquals(0.0f, (float) rows.get("2/3").getAs(NeighbourSource.VOTE));
        assertEquals(0, (int) rows.get("1/2").getAs(NeighbourSource.FROM_NEIGHBOURS));
        // AND the source's rows are kept under the run's training prefix
        assertEquals(5, spark.read().parquet(lake.resolve("training/r1/" + JoinJob.NEIGHBOUR_VOTES).toString()).count());
    }

    @Test
    void aUserProductTableWithoutTheRecencyWeightIsRefusedNamingTheColumn() {
        // GIVEN user_product_features written by an older features step, without the recency weight
        writeFixture(TRAIN_LINES);
        write("features/r1/user_product_features", new StructType().add("user_id", DataTypes.LongType)
                .add("product_id", DataTypes.LongType).add("times_bought", DataTypes.IntegerType), new Object[]{1L, 1L, 1});
        // WHEN the join runs THEN the error names the table and the missing column
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> join(0.5));
        assertTrue(error.getMessage().contains("user_product_features") && error.getMessage().contains(NeighbourSource.WEIGHT),
                error.getMessage());
    }

    @Test
    void theRepeatAndExploreRatesSplitTrainingTargetsByWhetherTheUserBoughtTheProductBefore() {
        // GIVEN train users 1-5 who all bought product 1 before, users 1 and 2 also product 9; targets:
        // user 1 {9} (a repeat), users 3 and 4 {9} (new to them), user 5 {1}; test user 6 bought 1 and 9
        List<Object[]> orders = new ArrayList<>();
        List<Object[]> history = new ArrayList<>();
        for (long user = 1; user <= 6; user++) {
            orders.add(new Object[]{user * 10, user, "prior"});
            orders.add(new Object[]{user * 10 + 1, user, user == 6 ? "test" : "train"});
            history.add(new Object[]{user, 1L, 1, true, 1.0});
            if (user <= 2 || user == 6) {
                history.add(new Object[]{user, 9L, 1, true, 1.0});
            }
        }
        write("curated/orders", ORDERS, orders.toArray(Object[][]::new));
        writeRecentOrdersOf(orders);
        write("curated/products", PRODUCTS, new Object[]{1L, 100L, 7L}, new Object[]{9L, 100L, 7L});
        write("curated/order_products_train", LINES,
                new Object[]{11L, 9L}, new Object[]{31L, 9L}, new Object[]{41L, 9L}, new Object[]{51L, 1L});
        write("features/r1/user_product_features", USER_PRODUCT, history.toArray(Object[][]::new));
        // WHEN the join runs
        join(0.0001);
        java.util.Map<String, Row> rows = new java.util.TreeMap<>();
        spark.read().parquet(lake.resolve("training/r1/inference").toString()).collectAsList()
                .forEach(row -> rows.put(row.getAs("user_id") + "/" + row.getAs("product_id"), row));
        // THEN the test user's row for 9 reads all five training users: 3 of 5 targets hold it; of its 2
        // earlier buyers 1 bought it again; of the 3 who never bought it, 2 did now
        Row nine = rows.get("6/9");
        assertEquals((float) (3.0 / 5), (float) nine.getAs(TargetShare.FEATURE));
        assertEquals((float) (1.0 / 2), (float) nine.getAs(TargetShare.REPEAT_RATE));
        assertEquals((float) (2.0 / 3), (float) nine.getAs(TargetShare.EXPLORE_RATE));
        // AND for product 1, which every training user bought before, 1 of 5 re-bought it and no explore rate exists
        Row one = rows.get("6/1");
        assertEquals((float) (1.0 / 5), (float) one.getAs(TargetShare.REPEAT_RATE));
        assertTrue(one.isNullAt(one.fieldIndex(TargetShare.EXPLORE_RATE)), "no training user lacked product 1");
    }

    @Test
    void theTargetPopularSourceProposesTheProductMostInTrainingTargetsToUsersWhoNeverBoughtIt() {
        // GIVEN train users 1-5 who bought product 1 before; targets: users 1, 3 and 4 {9}, user 5 {1};
        // test users 6 (bought 1) and 7 (bought 1 and 9); one target-popular candidate per user
        List<Object[]> orders = new ArrayList<>();
        List<Object[]> history = new ArrayList<>();
        for (long user = 1; user <= 7; user++) {
            orders.add(new Object[]{user * 10, user, "prior"});
            orders.add(new Object[]{user * 10 + 1, user, user >= 6 ? "test" : "train"});
            history.add(new Object[]{user, 1L, 1, true, 1.0});
        }
        history.add(new Object[]{7L, 9L, 1, true, 1.0});
        write("curated/orders", ORDERS, orders.toArray(Object[][]::new));
        writeRecentOrdersOf(orders);
        write("curated/products", PRODUCTS, new Object[]{1L, 100L, 7L}, new Object[]{9L, 100L, 7L});
        write("curated/order_products_train", LINES,
                new Object[]{11L, 9L}, new Object[]{31L, 9L}, new Object[]{41L, 9L}, new Object[]{51L, 1L});
        write("features/r1/user_product_features", USER_PRODUCT, history.toArray(Object[][]::new));
        // WHEN the join runs
        JoinSummary summary = join(0.0001,
                ReplenishConfig.defaults().candidateSources().withJoinSources(1, new ReplenishConfig.NeighbourVotes(1000, 1000, 10, 0, 0.9)));
        java.util.Map<String, Row> rows = new java.util.TreeMap<>();
        spark.read().parquet(lake.resolve("training/r1/inference").toString()).collectAsList()
                .forEach(row -> rows.put(row.getAs("user_id") + "/" + row.getAs("product_id"), row));
        // THEN test user 6 gets product 9 (3 of 5 training targets) as a new candidate, ranked first
        Row proposed = rows.get("6/9");
        assertEquals(1, (int) proposed.getAs(TargetShare.FROM_TARGET_POPULAR));
        assertEquals(1L, (long) proposed.getAs(TargetShare.TARGET_POPULAR_RANK));
        // AND user 7, who bought 9 before, keeps it as a repeat candidate only: not flagged, no rank
        Row repeat = rows.get("7/9");
        assertEquals(0, (int) repeat.getAs(TargetShare.FROM_TARGET_POPULAR));
        assertTrue(repeat.isNullAt(repeat.fieldIndex(TargetShare.TARGET_POPULAR_RANK)));
        // AND every candidate is counted once
        assertEquals(rows.size(), summary.candidateRows());
    }

    /** The fixture's user x product table with the purchase counts the latent factors read, as the features step names them. */
    private void writeUserProductCounts() {
        write("features/r1/user_product_features", new StructType().add("user_id", DataTypes.LongType)
                        .add("product_id", DataTypes.LongType).add("user_product_times_bought", DataTypes.IntegerType)
                        .add(NeighbourSource.WEIGHT, DataTypes.DoubleType),
                new Object[]{1L, 1L, 2, 1.0}, new Object[]{1L, 2L, 1, 1.0}, new Object[]{2L, 3L, 1, 1.0}, new Object[]{3L, 2L, 1, 1.0});
    }

    @Test
    void missionsAndLatentFactorsAddTheirFeaturesTheirOutputsAndTheirSavedModels() throws IOException {
        // GIVEN the fixture with purchase counts, and the mission features and every latent-factor use on
        writeFixture(TRAIN_LINES);
        writeUserProductCounts();
        // WHEN the join runs
        JoinSummary summary = join(0.5, VOTES_ONLY, MISSION_FEATURES, FACTOR_FEATURES);
        // THEN the manifest holds the users' mission shares, the product's mission affinity, the factor
        // score and the factors' source flag and rank
        FeatureManifest manifest = FeatureManifest.fromJson(
                Files.readString(lake.resolve("training/r1/feature-manifest.json")), "manifest");
        for (String feature : List.of("mission_share_1", "mission_share_2", "mission_affinity", "latent_factor_score",
                "candidate_from_latent_factors", "candidate_latent_factors_explore_rank")) {
            assertTrue(manifest.featureNames().contains(feature), feature + " in " + manifest.featureNames());
        }
        // AND it names the two fitted models, whose Spark ML folders exist under models/r1/
        assertEquals(List.of("missions", "latent-factors"), manifest.fittedModels().stream().map(FeatureManifest.FittedModel::name).toList());
        for (FeatureManifest.FittedModel model : manifest.fittedModels()) {
            assertTrue(Files.isDirectory(lake.resolve(model.key()).resolve("metadata")), model.key());
        }
        assertEquals(manifest.fittedModels().stream().map(FeatureManifest.FittedModel::key).toList(), summary.fittedModels());
        // AND the missions' outputs are written: the document, one mixture per prior order, one profile per user
        assertEquals(2, summary.missions());
        assertEquals(2, dev.replenish.core.missions.ShoppingMissions.fromJson(
                Files.readString(lake.resolve("training/r1/missions/missions.json")), "missions").missions().size());
        assertEquals(3, spark.read().parquet(lake.resolve("training/r1/missions/order-missions").toString()).count());
        assertEquals(3, spark.read().parquet(lake.resolve("training/r1/missions/user-missions").toString()).count());
        // AND every candidate row has a factor score (every user and product was seen) and a mission affinity
        List<Row> rows = spark.read().parquet(lake.resolve("training/r1/inference").toString()).collectAsList();
        for (Row row : rows) {
            assertNotNull(row.getAs("latent_factor_score"), row.toString());
            assertNotNull(row.getAs("mission_affinity"), row.toString());
        }
    }

    @Test
    void eachUsersTopMissionsTravelOnTheRowOfTheirRecentOrdersAndSumToAtMostOne() {
        // GIVEN the fixture (users 1 and 2 have recent orders, user 3 has none in the features step's table)
        writeFixture(TRAIN_LINES);
        // WHEN the join runs
        join(0.5);
        // THEN the top missions are on exactly the rows carrying recent orders, their shares largest
        // first and summing to at most 1
        List<Row> rows = spark.read().parquet(lake.resolve("training/r1/inference").toString()).collectAsList();
        int carried = 0;
        for (Row row : rows) {
            byte[] orders = row.getAs(JoinJob.RECENT_ORDERS);
            byte[] missions = row.getAs(JoinJob.TOP_MISSIONS);
            assertEquals(orders == null, missions == null, row.toString());
            if (missions != null) {
                carried++;
                var profile = dev.replenish.core.missions.MissionProfile.unpack(row.getAs("user_id"), missions);
                assertTrue(!profile.missions().isEmpty() && profile.missions().size() <= 2, profile.toString());
                double total = profile.missions().stream().mapToDouble(m -> m.share()).sum();
                assertTrue(total <= 1.0001, profile.toString());
                assertTrue(profile.missions().get(0).share() >= profile.missions().get(profile.missions().size() - 1).share());
            }
        }
        assertEquals(2, carried);
    }

    @Test
    void changingTrainOrderLinesChangesNoMissionOrLatentFactorFeature() {
        // GIVEN the fixture with every mission and latent-factor feature, joined once
        writeFixture(TRAIN_LINES);
        writeUserProductCounts();
        join(0.5, VOTES_ONLY, MISSION_FEATURES, FACTOR_FEATURES);
        List<String> before = inference();
        // WHEN the train orders' lines change completely and the join runs again
        writeFixture(new Object[]{11L, 2L}, new Object[]{31L, 2L});
        writeUserProductCounts();
        join(0.5, VOTES_ONLY, MISSION_FEATURES, FACTOR_FEATURES);
        // THEN every feature, the missions' and the factors' included, is identical: they read prior orders only
        assertEquals(before, inference());
    }
}
