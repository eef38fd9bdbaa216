package dev.replenish.glue.missions;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.missions.ShoppingMissions;
import dev.replenish.glue.SharedSpark;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Missions on a real Spark local[2] session. Fixture: 200 orders of 40 users, 5 each. Users 1-22
 * buy only "baby" baskets (diapers, baby food, baby bath), users 23-36 only "party" baskets (beer,
 * chips, soft drinks), users 37-40 alternate (baby first); so 122 orders are baby and 78 party.
 * Noise: bananas (fresh fruits, an aisle of both) in about a third of the orders, and one item of
 * the other kind in about one order in ten.
 */
class MissionsTest {

    private static final SparkSession SPARK = SharedSpark.session();

    private static final Set<Long> BABY_AISLES = Set.of(1L, 2L, 3L);
    private static final Set<Long> PARTY_AISLES = Set.of(4L, 5L, 6L);
    private static final long DIAPERS = 11;
    private static final long BEER = 41;
    private static final long BABY_ONLY_USER = 1;
    private static final long PARTY_ONLY_USER = 23;

    /** One fixture order: its planted kind and whether an item of the other kind slipped in. */
    private record Basket(long orderId, long userId, boolean baby, boolean crossed, List<Long> products) {
    }

    private static final List<Basket> BASKETS = baskets();
    /** The fit most tests share: a fit takes seconds, and the suite should not take many. */
    private static Missions.FittedMissions byAisle;

    private static List<Basket> baskets() {
        Random random = new Random(42);
        List<Basket> baskets = new ArrayList<>();
        long orderId = 1000;
        for (long user = 1; user <= 40; user++) {
            for (int n = 0; n < 5; n++) {
                boolean baby = user <= 22 || (user > 36 && n % 2 == 0);
                List<Long> products = new ArrayList<>();
                int lines = 4 + random.nextInt(3);
                for (int line = 0; line < lines; line++) {
                    products.add(productOf(baby, random));
                }
                if (random.nextInt(3) == 0) {
                    products.add(71L);
                }
                boolean crossed = random.nextInt(10) == 0;
                if (crossed) {
                    products.add(productOf(!baby, random));
                }
                baskets.add(new Basket(orderId++, user, baby, crossed, products));
            }
        }
        return baskets;
    }

    /** Products are aisle * 10 + 1..3 (baby aisles 1-3, party aisles 4-6); 71 is bananas. */
    private static long productOf(boolean baby, Random random) {
        long aisle = (baby ? 1 : 4) + random.nextInt(3);
        return aisle * 10 + 1 + random.nextInt(3);
    }

    private static final String[] AISLE_NAMES = {"diapers wipes", "baby food formula", "baby bath body care",
            "beers coolers", "chips pretzels", "soft drinks", "fresh fruits"};

    private static Dataset<Row> priorLines() {
        StructType schema = new StructType().add("order_id", DataTypes.LongType).add("user_id", DataTypes.LongType)
                .add("product_id", DataTypes.LongType).add("aisle_id", DataTypes.LongType);
        List<Row> rows = new ArrayList<>();
        for (Basket basket : BASKETS) {
            for (long product : basket.products()) {
                rows.add(RowFactory.create(basket.orderId(), basket.userId(), product, product / 10));
            }
        }
        return SPARK.createDataFrame(rows, schema);
    }

    /** Int ids, as a catalog table may have them; the lines have longs. */
    private static Dataset<Row> products() {
        StructType schema = new StructType().add("product_id", DataTypes.IntegerType).add("product_name", DataTypes.StringType)
                .add("aisle_id", DataTypes.IntegerType);
        List<Row> rows = new ArrayList<>();
        for (int aisle = 1; aisle <= 7; aisle++) {
            for (int n = 1; n <= 3; n++) {
                rows.add(RowFactory.create(aisle * 10 + n, AISLE_NAMES[aisle - 1] + " item " + n, aisle));
            }
        }
        return SPARK.createDataFrame(rows, schema);
    }

    private static Dataset<Row> aisles() {
        StructType schema = new StructType().add("aisle_id", DataTypes.IntegerType).add("aisle", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int aisle = 1; aisle <= 7; aisle++) {
            rows.add(RowFactory.create(aisle, AISLE_NAMES[aisle - 1]));
        }
        return SPARK.createDataFrame(rows, schema);
    }

    private static ReplenishConfig.Missions settings(String words, int fitOrders) {
        return new ReplenishConfig.Missions(true, 2, words, 10, fitOrders);
    }

    private static synchronized Missions.FittedMissions byAisle() {
        if (byAisle == null) {
            byAisle = Missions.fit(priorLines(), products(), aisles(), settings("aisle", 100));
        }
        return byAisle;
    }

    /** The mission (1-based id) whose top three aisles are all among {@code aisles}; fails unless exactly one. */
    private static int missionOf(ShoppingMissions summary, Set<Long> aisles) {
        List<Integer> found = summary.missions().stream()
                .filter(m -> m.topAisles().stream().limit(3).allMatch(a -> aisles.contains(a.id())))
                .map(ShoppingMissions.Mission::id).toList();
        assertEquals(1, found.size(), "missions led by " + aisles + ": " + summary);
        return found.get(0);
    }

    private static Map<Long, List<Double>> mixtures(Missions.FittedMissions fitted) {
        Map<Long, List<Double>> byOrder = new HashMap<>();
        for (Row row : fitted.orderMixtures().collectAsList()) {
            byOrder.put(row.getLong(0), row.getList(2));
        }
        return byOrder;
    }

    private static Map<Long, Row> profiles(Missions.FittedMissions fitted) {
        return fitted.userProfiles().collectAsList().stream().collect(Collectors.toMap(r -> r.getLong(0), r -> r));
    }

    @Test
    void findsTheBabyAndThePartyMissionAndPutsEachPlainBasketInItsOwn() {
        // GIVEN 122 baby stock-ups and 78 party runs, with a little noise (fixture)
        // WHEN two missions are fitted on aisles
        Missions.FittedMissions fitted = byAisle();
        ShoppingMissions summary = fitted.summary();

        // THEN one mission is led by the baby aisles, the other by the party aisles
        int baby = missionOf(summary, BABY_AISLES);
        int party = missionOf(summary, PARTY_AISLES);
        assertEquals(Set.of(1, 2), Set.of(baby, party));
        // AND each is named after its two heaviest aisles
        for (ShoppingMissions.Mission mission : summary.missions()) {
            assertEquals(mission.topAisles().get(0).name() + " & " + mission.topAisles().get(1).name(), mission.name());
            assertEquals(5, mission.topAisles().size());
            assertEquals(5, mission.topProducts().size());
        }
        // AND the baby mission's top products are baby products (counted on the fit sample)
        summary.missions().get(baby - 1).topProducts().stream().limit(3)
                .forEach(p -> assertTrue(BABY_AISLES.contains(p.id() / 10), "baby mission's products: " + summary));
        // AND every basket without an item of the other kind is mostly in its own mission
        Map<Long, List<Double>> mixtures = mixtures(fitted);
        for (Basket basket : BASKETS) {
            List<Double> mixture = mixtures.get(basket.orderId());
            assertEquals(2, mixture.size());
            assertEquals(1.0, mixture.get(0) + mixture.get(1), 1e-9);
            if (!basket.crossed()) {
                double own = mixture.get((basket.baby() ? baby : party) - 1);
                assertTrue(own > 0.8, "order " + basket + " mixture " + mixture);
            }
        }
        assertTrue(Double.isFinite(summary.logPerplexity()), "log-perplexity " + summary.logPerplexity());
        assertEquals("aisle", summary.words());
    }

    @Test
    void aPartyOnlyUserHasAMostlyPartyProfileAndEveryProfileSumsToOne() {
        // GIVEN user 23 buys only party baskets, 5 orders like every user
        Missions.FittedMissions fitted = byAisle();
        int party = missionOf(fitted.summary(), PARTY_AISLES);

        // WHEN the user profiles are read
        Map<Long, Row> profiles = profiles(fitted);

        // THEN user 23's party share is above 0.8
        Row partyUser = profiles.get(PARTY_ONLY_USER);
        assertTrue(partyUser.<Double>getAs(Missions.shareColumn(party)) > 0.8, "profile " + partyUser);
        // AND every user is there, with their 5 orders and shares summing to 1
        assertEquals(40, profiles.size());
        for (Row profile : profiles.values()) {
            assertEquals(5L, profile.<Long>getAs(Missions.USER_ORDERS));
            double total = profile.<Double>getAs(Missions.shareColumn(1)) + profile.<Double>getAs(Missions.shareColumn(2));
            assertEquals(1.0, total, 1e-6, "profile " + profile);
        }
        assertEquals(List.of("user_id", Missions.USER_ORDERS, "mission_share_1", "mission_share_2"),
                List.of(fitted.userProfiles().columns()));
    }

    @Test
    void aBabyOnlyUserHasAnAffinityAboveOneForDiapersAndBelowOneForBeer() {
        // GIVEN user 1 buys only baby baskets
        Missions.FittedMissions fitted = byAisle();
        StructType schema = new StructType().add("user_id", DataTypes.LongType).add("product_id", DataTypes.IntegerType)
                .add("aisle_id", DataTypes.LongType);
        Dataset<Row> candidates = SPARK.createDataFrame(List.of(
                RowFactory.create(BABY_ONLY_USER, (int) DIAPERS, 1L),
                RowFactory.create(BABY_ONLY_USER, (int) BEER, 4L),
                RowFactory.create(BABY_ONLY_USER, 999, 9L),
                RowFactory.create(77_777L, (int) DIAPERS, 1L)), schema);

        // WHEN the candidates' affinities are computed
        Map<String, Row> affinity = fitted.productAffinity(candidates).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getLong(0) + "/" + r.getLong(1), r -> r));

        // THEN diapers are above 1 (above any basket), beer below 1, diapers above beer
        double diapers = affinity.get(BABY_ONLY_USER + "/" + DIAPERS).getDouble(2);
        double beer = affinity.get(BABY_ONLY_USER + "/" + BEER).getDouble(2);
        assertTrue(diapers > 1.0, "diapers " + diapers);
        assertTrue(beer < 1.0, "beer " + beer);
        assertTrue(diapers > beer);
        // AND a product the model never saw, or a user with no prior order, has no affinity
        assertTrue(affinity.get(BABY_ONLY_USER + "/999").isNullAt(2));
        assertTrue(affinity.get("77777/" + DIAPERS).isNullAt(2));
        assertEquals(List.of("user_id", "product_id", Missions.AFFINITY), List.of(fitted.productAffinity(candidates).columns()));
    }

    @Test
    void missionOneIsTheMostCommonAndEveryOrderIsScoredThoughOnlyASampleIsFitted() {
        // GIVEN 200 orders, 122 of them baby baskets, and fitOrders = 100
        // WHEN the missions are fitted
        Missions.FittedMissions fitted = byAisle();
        ShoppingMissions summary = fitted.summary();

        // THEN the missions are numbered 1..K by descending order share, which sums to 1
        assertEquals(List.of(1, 2), summary.missions().stream().map(ShoppingMissions.Mission::id).toList());
        assertTrue(summary.missions().get(0).orderShare() >= summary.missions().get(1).orderShare(), summary.toString());
        assertEquals(1.0, summary.missions().get(0).orderShare() + summary.missions().get(1).orderShare(), 1e-6);
        // AND mission 1 is the baby mission (122 of 200 orders), in the summary and in every column
        assertEquals(1, missionOf(summary, BABY_AISLES));
        assertTrue(summary.missions().get(0).orderShare() > 0.52 && summary.missions().get(0).orderShare() < 0.68, summary.toString());
        assertTrue(profiles(fitted).get(BABY_ONLY_USER).<Double>getAs(Missions.shareColumn(1)) > 0.8);
        // AND only the sample was fitted, yet every order has a mixture
        assertEquals(100, summary.fittedOrders());
        assertEquals(200, summary.scoredOrders());
        assertEquals(200, fitted.orderMixtures().select("order_id").distinct().count());
        assertEquals(200, fitted.orderMixtures().count());
    }

    @Test
    void theSavedModelLoadsBackWithTheSameMissionsAndWords(@TempDir Path dir) {
        // GIVEN the fitted missions
        Missions.FittedMissions fitted = byAisle();

        // WHEN the model is saved and read back
        String uri = dir.resolve("missions-model").toUri().toString();
        fitted.saveModel(uri);
        LocalLDAModel loaded = LocalLDAModel.load(uri);

        // THEN it has K missions over the fixture's 7 aisles
        assertEquals(2, loaded.getK());
        assertEquals(7, loaded.vocabSize());
    }

    @Test
    void productWordsAlsoSeparateTheBabyAndThePartyBaskets() {
        // GIVEN the same baskets
        // WHEN the words are the products themselves
        Missions.FittedMissions fitted = Missions.fit(priorLines(), products(), aisles(), settings("product", 1000));
        ShoppingMissions summary = fitted.summary();

        // THEN the baby mission's top products are baby products and the party mission's party products
        assertEquals("product", summary.words());
        int baby = missionOf(summary, BABY_AISLES);
        int party = missionOf(summary, PARTY_AISLES);
        summary.missions().get(baby - 1).topProducts()
                .forEach(p -> assertTrue(BABY_AISLES.contains(p.id() / 10), "baby mission's products: " + summary));
        summary.missions().get(party - 1).topProducts()
                .forEach(p -> assertTrue(PARTY_AISLES.contains(p.id() / 10), "party mission's products: " + summary));
        // AND every basket without an item of the other kind is mostly in its own mission
        Map<Long, List<Double>> mixtures = mixtures(fitted);
        for (Basket basket : BASKETS) {
            if (!basket.crossed()) {
                double own = mixtures.get(basket.orderId()).get((basket.baby() ? baby : party) - 1);
                assertTrue(own > 0.8, "order " + basket + " mixture " + mixtures.get(basket.orderId()));
            }
        }
        // AND with fewer orders than fitOrders, one in eleven is held out
        assertEquals(200 - 200 / 11, summary.fittedOrders());
        assertEquals(200, summary.scoredOrders());
        fitted.unpersist();
    }

    @Test
    void aisleWordsFallBackToProductsWhenTheCatalogFilesEverythingUnderOneAisle() {
        // GIVEN the same baskets, with a catalog that files every product under one aisle (as an
        // export without aisles is imported)
        Dataset<Row> oneAisleProducts = products().withColumn("aisle_id", org.apache.spark.sql.functions.lit(1));
        Dataset<Row> oneAisle = aisles().limit(1);

        // WHEN missions are asked for over aisle words
        Missions.FittedMissions fitted = Missions.fit(priorLines(), oneAisleProducts, oneAisle, settings("aisle", 1000));
        ShoppingMissions summary = fitted.summary();

        // THEN they are learned over products, says so, and still tell the baby baskets from the party ones
        assertEquals("product", summary.words());
        List<Set<Boolean>> kindsOfTopProducts = summary.missions().stream()
                .map(m -> m.topProducts().stream().limit(3).map(p -> BABY_AISLES.contains(p.id() / 10))
                        .collect(Collectors.toSet()))
                .toList();
        assertEquals(Set.of(Set.of(true), Set.of(false)), Set.copyOf(kindsOfTopProducts), "top products: " + summary);
        fitted.unpersist();
    }

    @Test
    void theSameLinesInAnotherOrderGiveTheSameMissionsAndProfilesBitForBit() {
        // GIVEN the shared fit
        Missions.FittedMissions first = byAisle();

        // WHEN the same lines, spread over other partitions in another order, are fitted again
        Missions.FittedMissions second = Missions.fit(priorLines().repartition(3), products(), aisles(), settings("aisle", 100));

        // THEN the document and every user's profile are identical
        assertEquals(first.summary(), second.summary());
        assertEquals(profiles(first).values().stream().map(Row::toString).sorted().toList(),
                profiles(second).values().stream().map(Row::toString).sorted().toList());
        second.unpersist();
    }

    @Test
    void theOwnEStepGivesTheMixturesSparksTransformGives() {
        // GIVEN the fitted model (its words are the 7 aisles, index = aisle - 1) and every fixture order as aisle counts
        LDAModel model = byAisle().model();
        assertEquals(7, model.vocabSize());
        StructType schema = new StructType().add("order_id", DataTypes.LongType).add("terms", SQLDataTypes.VectorType());
        List<Row> documents = new ArrayList<>();
        for (Basket basket : BASKETS) {
            double[] counts = new double[7];
            basket.products().forEach(product -> counts[(int) (product / 10) - 1]++);
            documents.add(RowFactory.create(basket.orderId(), Vectors.dense(counts).compressed()));
        }

        // WHEN Spark's LocalLDAModel.transform and Missions' own E-step score them
        LDAModel copy = (LDAModel) model.copy(ParamMap.empty());
        copy.setFeaturesCol("terms").setTopicDistributionCol("spark_mixture");
        List<Row> sparkScored = copy.transform(SPARK.createDataFrame(documents, schema)).select("terms", "spark_mixture").collectAsList();
        Missions.MixtureInference own = Missions.MixtureInference.of(model);

        // THEN they agree on every order and topic
        double worst = 0;
        for (Row row : sparkScored) {
            double[] expected = row.<Vector>getAs("spark_mixture").toArray();
            double[] actual = own.mixture(row.getAs("terms"));
            for (int topic = 0; topic < expected.length; topic++) {
                worst = Math.max(worst, Math.abs(expected[topic] - actual[topic]));
            }
        }
        assertEquals(BASKETS.size(), sparkScored.size());
        assertTrue(worst < 1e-9, "largest difference " + worst);
    }

    @Test
    void noPriorLinesIsAnErrorNamingThem() {
        // GIVEN prior order lines with no row
        Dataset<Row> none = priorLines().limit(0);

        // WHEN the missions are fitted
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Missions.fit(none, products(), aisles(), settings("aisle", 100)));

        // THEN the error says what is missing
        assertTrue(error.getMessage().contains("no prior order lines"), error.getMessage());
    }

    @Test
    void linesWithoutAProductIdColumnAreAnErrorNamingTheColumn() {
        // GIVEN prior order lines without product_id
        Dataset<Row> lines = priorLines().drop("product_id");

        // WHEN the missions are fitted
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Missions.fit(lines, products(), aisles(), settings("aisle", 100)));

        // THEN the error names the column
        assertTrue(error.getMessage().contains("[product_id]"), error.getMessage());
    }
}
