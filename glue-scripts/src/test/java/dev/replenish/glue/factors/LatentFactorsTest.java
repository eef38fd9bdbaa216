package dev.replenish.glue.factors;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.glue.SharedSpark;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ALS on a real Spark local[2] session. Fixture: users 1-15 (group A) buy products 1, 2, 3 and 4,
 * except users 1-3, who never bought 4; users 16-30 (group B) buy 10, 11, 12 and 13. Product 5 is
 * bought by six group-A users only (10-15), so it is outside a pool of the 8 most-bought products.
 */
class LatentFactorsTest {

    private static final SparkSession SPARK = SharedSpark.session();

    private static final StructType PURCHASES = new StructType()
            .add("user_id", DataTypes.LongType).add("product_id", DataTypes.LongType)
            .add("times_bought", DataTypes.IntegerType);
    private static final StructType CANDIDATES = new StructType()
            .add("user_id", DataTypes.LongType).add("product_id", DataTypes.LongType)
            .add("source", DataTypes.StringType);

    /** Pool of the 8 most-bought products: 1-4 and 10-13, not 5. Rank 2: one factor per group. */
    private static final ReplenishConfig.LatentFactors SETTINGS =
            new ReplenishConfig.LatentFactors(true, 3, 8, 2, 5, 0.1, 10.0);

    private static Dataset<Row> purchases;
    private static LatentFactors.FittedFactors fitted;

    @BeforeAll
    static void fitOnce() {
        List<Row> rows = new ArrayList<>();
        for (long user = 1; user <= 15; user++) {
            for (long product = 1; product <= 4; product++) {
                if (product == 4 && user <= 3) {
                    continue;
                }
                rows.add(RowFactory.create(user, product, (int) (1 + (user + product) % 3)));
            }
        }
        for (long user = 10; user <= 15; user++) {
            rows.add(RowFactory.create(user, 5L, 2));
        }
        for (long user = 16; user <= 30; user++) {
            for (long product = 10; product <= 13; product++) {
                rows.add(RowFactory.create(user, product, (int) (1 + (user + product) % 3)));
            }
        }
        purchases = SPARK.createDataFrame(rows, PURCHASES);
        fitted = LatentFactors.fit(purchases, SETTINGS);
    }

    private static Dataset<Row> candidates(Object[]... pairs) {
        return SPARK.createDataFrame(Arrays.stream(pairs).map(RowFactory::create).toList(), CANDIDATES);
    }

    /** (user_id, product_id) -> score, nulls kept. */
    private static Map<List<Long>, Double> scoresOf(Dataset<Row> scores) {
        Map<List<Long>, Double> out = new HashMap<>();
        for (Row row : scores.collectAsList()) {
            List<Long> key = List.of(row.getLong(row.fieldIndex("user_id")), row.getLong(row.fieldIndex("product_id")));
            int at = row.fieldIndex(LatentFactors.SCORE);
            assertNull(out.put(key, row.isNullAt(at) ? null : row.getDouble(at)), "one row per pair: " + key);
        }
        return out;
    }

    /** user_id -> the user's proposals in rank order. */
    private static Map<Long, List<Row>> explorePerUser(Dataset<Row> explore) {
        Map<Long, List<Row>> byUser = new TreeMap<>();
        for (Row row : explore.collectAsList()) {
            byUser.computeIfAbsent(row.getLong(row.fieldIndex("user_id")), u -> new ArrayList<>()).add(row);
        }
        byUser.values().forEach(rows -> rows.sort((a, b) -> Long.compare(
                a.getLong(a.fieldIndex(LatentFactors.EXPLORE_RANK)), b.getLong(b.fieldIndex(LatentFactors.EXPLORE_RANK)))));
        return byUser;
    }

    private static List<Long> productsOf(List<Row> rows) {
        return rows.stream().map(r -> r.getLong(r.fieldIndex("product_id"))).toList();
    }

    @Test
    void scoresAProductBoughtByLikeUsersAboveOneOfTheOtherGroup() {
        // GIVEN user 1 (group A) who never bought product 4, which the rest of group A buys
        // WHEN scoring product 4 and group B's product 12 for user 1
        Map<List<Long>, Double> scores = scoresOf(fitted.scores(candidates(
                new Object[]{1L, 4L, "explore"}, new Object[]{1L, 12L, "explore"})));

        // THEN product 4 scores clearly above product 12
        double coBought = scores.get(List.of(1L, 4L));
        double unrelated = scores.get(List.of(1L, 12L));
        assertTrue(coBought > unrelated + 0.3, "score(1, 4) = " + coBought + ", score(1, 12) = " + unrelated);
    }

    @Test
    void scoresEveryCandidateRowAndLeavesUnknownUsersAndProductsNull() {
        // GIVEN candidates with a user and a product the model never saw, and a column of their own
        Dataset<Row> input = candidates(
                new Object[]{1L, 1L, "repeat"}, new Object[]{16L, 10L, "repeat"}, new Object[]{1L, 12L, "explore"},
                new Object[]{999L, 1L, "explore"}, new Object[]{2L, 777L, "explore"}, new Object[]{999L, 777L, "explore"});

        // WHEN scoring them
        Dataset<Row> scored = fitted.scores(input);
        Map<List<Long>, Double> scores = scoresOf(scored);

        // THEN one row per candidate, none dropped; cold-start pairs have a null score, the others a number
        assertEquals(List.of("user_id", "product_id", LatentFactors.SCORE), Arrays.asList(scored.columns()));
        assertEquals(6, scored.count());
        assertEquals(Set.of(List.of(1L, 1L), List.of(16L, 10L), List.of(1L, 12L), List.of(999L, 1L), List.of(2L, 777L),
                List.of(999L, 777L)), scores.keySet());
        assertNotNull(scores.get(List.of(1L, 1L)));
        assertNotNull(scores.get(List.of(16L, 10L)));
        assertNotNull(scores.get(List.of(1L, 12L)));
        assertNull(scores.get(List.of(999L, 1L)));
        assertNull(scores.get(List.of(2L, 777L)));
        assertNull(scores.get(List.of(999L, 777L)));
    }

    @Test
    void proposesTheMissingCoBoughtProductFirstAndNeverAnOwnOrOutOfPoolProduct() {
        // GIVEN the fitted factors and a pool of the 8 most-bought products (product 5 is not among them)
        Map<Long, Set<Long>> own = purchases.collectAsList().stream().collect(Collectors.groupingBy(
                r -> r.getLong(0), Collectors.mapping(r -> r.getLong(1), Collectors.toSet())));

        // WHEN proposing 3 explore candidates per user
        Dataset<Row> explore = fitted.exploreCandidates(purchases, 3);
        Map<Long, List<Row>> byUser = explorePerUser(explore);

        // THEN user 1 gets product 4 first, every user gets ranks 1..3 of products from the pool they never bought
        assertEquals(List.of("user_id", "product_id", LatentFactors.FROM_FACTORS, LatentFactors.EXPLORE_RANK,
                LatentFactors.SCORE), Arrays.asList(explore.columns()));
        for (long user = 1; user <= 3; user++) {
            assertEquals(4L, productsOf(byUser.get(user)).get(0), "user " + user + ": " + byUser.get(user));
        }
        assertEquals(30, byUser.size());
        Set<Long> pool = Set.of(1L, 2L, 3L, 4L, 10L, 11L, 12L, 13L);
        byUser.forEach((user, rows) -> {
            assertEquals(List.of(1L, 2L, 3L), rows.stream().map(r -> r.getLong(r.fieldIndex(LatentFactors.EXPLORE_RANK))).toList());
            for (Row row : rows) {
                long product = row.getLong(row.fieldIndex("product_id"));
                assertFalse(own.get(user).contains(product), "user " + user + " already bought " + product);
                assertTrue(pool.contains(product), "product " + product + " is outside the pool");
                assertEquals(1, row.getInt(row.fieldIndex(LatentFactors.FROM_FACTORS)));
            }
            List<Double> scores = rows.stream().map(r -> r.getDouble(r.fieldIndex(LatentFactors.SCORE))).toList();
            for (int i = 1; i < scores.size(); i++) {
                assertTrue(scores.get(i - 1) >= scores.get(i), "user " + user + " ranked by score: " + scores);
            }
        });
        // ... and its score is the feature's score for the same pair, to the bit
        double feature = scoresOf(fitted.scores(candidates(new Object[]{1L, 4L, "explore"}))).get(List.of(1L, 4L));
        assertEquals(feature, byUser.get(1L).get(0).getDouble(byUser.get(1L).get(0).fieldIndex(LatentFactors.SCORE)));
    }

    @Test
    void proposesAProductOnceThePoolIsLargeEnoughToHoldIt() {
        // GIVEN the fitted factors and a pool of the 9 most-bought products, which now holds product 5
        // WHEN proposing 3 explore candidates per user
        Map<Long, List<Row>> byUser = explorePerUser(fitted.exploreCandidates(purchases, 3, 9));

        // THEN group A users without product 5 are offered it (so the 8-product pool is what kept it out)
        assertTrue(productsOf(byUser.get(1L)).contains(5L), "user 1: " + byUser.get(1L));
        assertFalse(productsOf(byUser.get(14L)).contains(5L), "user 14 bought product 5: " + byUser.get(14L));
    }

    @Test
    void fitsTheSameFactorsTwiceFromTheSameInput() {
        // GIVEN the fixture's purchases and settings
        Dataset<Row> pairs = candidates(new Object[]{1L, 4L, "x"}, new Object[]{1L, 12L, "x"},
                new Object[]{20L, 2L, "x"}, new Object[]{20L, 11L, "x"}, new Object[]{15L, 5L, "x"});

        // WHEN fitting again
        LatentFactors.FittedFactors again = LatentFactors.fit(purchases, SETTINGS);

        // THEN the scores are identical
        assertEquals(scoresOf(fitted.scores(pairs)), scoresOf(again.scores(pairs)));
    }

    @Test
    void savesAModelSparkMlLoadsBackWithTheSameRank(@TempDir Path dir) {
        // GIVEN the fitted factors
        String uri = dir.resolve("latent-factors").toUri().toString();

        // WHEN saving the model twice (the second replaces the first) and loading it with Spark ML
        fitted.saveModel(uri);
        fitted.saveModel(uri);
        ALSModel loaded = ALSModel.load(uri);

        // THEN it is the ALS model of the settings' rank, with every user and product
        assertEquals(SETTINGS.rank(), loaded.rank());
        assertEquals(30, loaded.userFactors().count());
        assertEquals(9, loaded.itemFactors().count());
    }

    @Test
    void rejectsAnIdAboveTheIntRangeNamingIt() {
        // GIVEN a purchase of product 3,000,000,000
        Dataset<Row> tooBig = SPARK.createDataFrame(List.of(
                RowFactory.create(1L, 1L, 1), RowFactory.create(2L, 3_000_000_000L, 1)), PURCHASES);

        // WHEN fitting
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> LatentFactors.fit(tooBig, SETTINGS));

        // THEN the error names the id and its column
        assertTrue(error.getMessage().contains("product_id 3000000000"), error.getMessage());
    }

    @Test
    void rejectsPurchasesWithNothingToFitOn() {
        // GIVEN no purchases at all, and purchases without times_bought
        Dataset<Row> none = SPARK.createDataFrame(List.of(), PURCHASES);
        Dataset<Row> noCounts = purchases.drop("times_bought");

        // WHEN fitting on each
        IllegalStateException empty = assertThrows(IllegalStateException.class, () -> LatentFactors.fit(none, SETTINGS));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> LatentFactors.fit(noCounts, SETTINGS));

        // THEN the errors say what is missing
        assertTrue(empty.getMessage().contains("no prior purchases"), empty.getMessage());
        assertTrue(missing.getMessage().contains("times_bought"), missing.getMessage());
    }
}
