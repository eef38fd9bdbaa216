package dev.replenish.local.features;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.local.pipeline.LocalPipeline;
import dev.replenish.local.pipeline.StepContext;
import dev.replenish.sql.features.FeatureTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The candidate sources (similar_products, popular_products, candidates) on real DuckDB, over a
 * hand-made basket set whose co-occurrences are counted by hand:
 *
 * <pre>
 * user 1  prior 10 {1,2}  prior 11 {1,2,3}  prior 12 {1,4}  train 13 {5}
 * user 2  prior 20 {1,2}  prior 21 {2,3}                    test 22
 * user 3  prior 30 {4,5}                                    train 31 {1}
 *
 * baskets holding each product: n1 = 4, n2 = 4, n3 = 2, n4 = 2, n5 = 1
 * together: (1,2) = 3, (2,3) = 2, (1,3) = 1, (1,4) = 1, (4,5) = 1
 * cosine:   (1,2) = 3/sqrt(16) = 0.75, (2,3) = 2/sqrt(8), (1,3) = (1,4) = 1/sqrt(8), (4,5) = 1/sqrt(2)
 * </pre>
 */
class CandidateSourcesTest {

    private static final String RUN = "candidates-run";
    private static final double CLOSE = 1e-9;

    /** Plain cosine (no shrink, every pair kept), two similar products per product, one candidate per explore source. */
    private static final ReplenishConfig.CandidateSources PLAIN = new ReplenishConfig.CandidateSources(5, 30, 1, 0.0, 2, 1, 1, 0, ReplenishConfig.defaults().candidateSources().neighbourVotes());

    @TempDir
    Path temp;

    private static FeatureFixture baskets() {
        return new FeatureFixture()
                .with(InstacartTable.ORDERS, FeatureFixture.ORDERS_HEADER
                        + "10,1,prior,1,,,\n11,1,prior,2,,,\n12,1,prior,3,,,\n13,1,train,4,,,\n"
                        + "20,2,prior,1,,,\n21,2,prior,2,,,\n22,2,test,3,,,\n"
                        + "30,3,prior,1,,,\n31,3,train,2,,,\n")
                .with(InstacartTable.ORDER_PRODUCTS_PRIOR, FeatureFixture.LINES_HEADER
                        + "10,1,1,0\n10,2,2,0\n11,1,1,1\n11,2,2,1\n11,3,3,0\n12,1,1,1\n12,4,2,0\n"
                        + "20,1,1,0\n20,2,2,0\n21,2,1,1\n21,3,2,0\n"
                        + "30,4,1,0\n30,5,2,0\n")
                .with(InstacartTable.ORDER_PRODUCTS_TRAIN, FeatureFixture.LINES_HEADER
                        + "13,5,1,0\n31,1,1,0\n");
    }

    @Test
    void similarProductsAreTheTopKByCosineOfCoOccurrenceWithTiesBrokenBySmallerId() throws Exception {
        // GIVEN the hand-made baskets and plain cosine keeping 2 similar products per product
        Path lake = build(baskets(), PLAIN, "plain");
        // WHEN similar_products is read
        List<String> rows = rows(lake, FeatureTable.SIMILAR_PRODUCTS, "product_id, similar_product_id, score, \"rank\"", "true");
        // THEN each product keeps its two most similar, by hand: product 1's 3 and 4 tie at 1/sqrt(8) and 3 wins
        double third = 1 / Math.sqrt(8);
        double half = 1 / Math.sqrt(2);
        assertEquals(List.of(
                "1 2 " + fmt(0.75) + " 1", "1 3 " + fmt(third) + " 2",
                "2 1 " + fmt(0.75) + " 1", "2 3 " + fmt(2 * third) + " 2",
                "3 2 " + fmt(2 * third) + " 1", "3 1 " + fmt(third) + " 2",
                "4 5 " + fmt(half) + " 1", "4 1 " + fmt(third) + " 2",
                "5 4 " + fmt(half) + " 1"), rows);
    }

    @Test
    void theShrinkDampsRarePairsAndOnlyTheLatestOrdersCount() throws Exception {
        // GIVEN a shrink of 1 and co-occurrence counted in each user's latest order only
        Path lake = build(baskets(), new ReplenishConfig.CandidateSources(1, 30, 1, 1.0, 2, 1, 1, 0, ReplenishConfig.defaults().candidateSources().neighbourVotes()), "latest");
        // WHEN similar_products is read
        List<String> rows = rows(lake, FeatureTable.SIMILAR_PRODUCTS, "product_id, similar_product_id, score, \"rank\"", "true");
        // THEN only the latest baskets {1,4}, {2,3}, {4,5} pair products: n1 = 1, n2 = 1, n3 = 1, n4 = 2, n5 = 1,
        // and each score is together / (sqrt(n_i n_j) + 1)
        assertEquals(List.of(
                "1 4 " + fmt(1 / (Math.sqrt(2) + 1)) + " 1",
                "2 3 " + fmt(0.5) + " 1",
                "3 2 " + fmt(0.5) + " 1",
                "4 1 " + fmt(1 / (Math.sqrt(2) + 1)) + " 1", "4 5 " + fmt(1 / (Math.sqrt(2) + 1)) + " 2",
                "5 4 " + fmt(1 / (Math.sqrt(2) + 1)) + " 1"), rows);
    }

    @Test
    void candidatesAreTheUsersProductsPlusTheBestVotedAndMostPopularNewOnesEachSayingItsSource() throws Exception {
        // GIVEN the hand-made baskets, one similar and one popular explore candidate per user
        Path lake = build(baskets(), PLAIN, "candidates");
        // WHEN the candidates are read
        String columns = "user_id, product_id, candidate_from_history, candidate_from_similar, candidate_from_popular, "
                + "candidate_similar_score, candidate_similar_voters, candidate_similar_explore_rank";
        List<String> rows = rows(lake, FeatureTable.CANDIDATES, columns, "true");
        // THEN, worked by hand (votes = sum over the user's products of purchases in the latest 3 orders x similarity):
        // user 1 (weights 1:3, 2:2, 3:1, 4:1): product 2 gets 3 x 0.75 + 1 x 2/sqrt(8); 5, never bought, gets 1 x 1/sqrt(2);
        // user 2's only new product among the top-1 "popular now" (4: in 2 of 3 latest orders) is 4, with no vote;
        // user 3's best-voted new product is 1 (from 4, 1/sqrt(8)).
        double third = 1 / Math.sqrt(8);
        double half = 1 / Math.sqrt(2);
        assertEquals(List.of(
                "1 1 1 0 0 " + fmt(1.5 + 2 * third) + " 3 null",
                "1 2 1 0 0 " + fmt(2.25 + 2 * third) + " 2 null",
                "1 3 1 0 0 " + fmt(3 * third + 4 * third) + " 2 null",
                "1 4 1 0 0 null null null",
                "1 5 0 1 0 " + fmt(half) + " 1 1",
                "2 1 1 0 0 " + fmt(1.5 + third) + " 2 null",
                "2 2 1 0 0 " + fmt(0.75 + 2 * third) + " 2 null",
                "2 3 1 0 0 " + fmt(third + 4 * third) + " 2 null",
                "2 4 0 0 1 null null null",
                "3 1 0 1 0 " + fmt(third) + " 1 1",
                "3 4 1 0 0 " + fmt(half) + " 1 null",
                "3 5 1 0 0 " + fmt(half) + " 1 null"), rows);
    }

    @Test
    void popularNowRanksProductsByTheShareOfLatestOrdersHoldingThem() throws Exception {
        // GIVEN the hand-made baskets: latest prior orders {1,4}, {2,3}, {4,5}
        Path lake = build(baskets(), PLAIN, "popular");
        // WHEN popular_products is read
        List<String> rows = rows(lake, FeatureTable.POPULAR_PRODUCTS, "product_id, popular_now_share, popular_now_rank", "true");
        // THEN 4 leads with 2 of 3; the rest tie at 1 of 3 and rank by id
        assertEquals(List.of("1 " + fmt(1 / 3.0) + " 2", "2 " + fmt(1 / 3.0) + " 3", "3 " + fmt(1 / 3.0) + " 4",
                "4 " + fmt(2 / 3.0) + " 1", "5 " + fmt(1 / 3.0) + " 5"), rows);
    }

    // ---------------------------------------------------------------------------------------------

    private Path build(FeatureFixture fixture, ReplenishConfig.CandidateSources settings, String name) throws Exception {
        Path raw = fixture.writeTo(temp.resolve(name).resolve("raw"));
        Path work = temp.resolve(name).resolve("work");
        StepContext context = new StepContext(raw, work, RUN, ReplenishConfig.defaults().withCandidateSources(settings),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        LocalPipeline.standard().run(context, PipelineStep.CATALOG, PipelineStep.FEATURES);
        return work;
    }

    /** Rows as space-separated values (numbers rounded to 9 places), ordered by the first two columns. */
    private static List<String> rows(Path lake, FeatureTable table, String columns, String where) throws SQLException {
        Path folder = lake.resolve("features").resolve(RUN).resolve(table.tableName());
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + columns + " FROM read_parquet('" + folder + "/*.parquet') WHERE "
                     + where + " ORDER BY 1, " + (table == FeatureTable.SIMILAR_PRODUCTS ? "4" : "2"))) {
            int count = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= count; i++) {
                    Object value = rs.getObject(i);
                    values.add(value instanceof Double d ? fmt(d) : String.valueOf(value));
                }
                rows.add(String.join(" ", values));
            }
        }
        return rows;
    }

    private static String fmt(double value) {
        return String.format(java.util.Locale.ROOT, "%.9f", value);
    }
}
