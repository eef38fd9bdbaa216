package dev.replenish.local.features;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.local.UserError;
import dev.replenish.local.pipeline.LocalPipeline;
import dev.replenish.local.pipeline.StepContext;
import dev.replenish.sql.features.FeatureTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feature SQL on real DuckDB, through the local pipeline (catalog, curate, features), against
 * values worked out by hand from {@link FeatureFixture}. Days to the predicted order, user 1:
 * order 10 is 7 + 14 + 10 = 31 days before it, order 11 is 14 + 10 = 24, order 12 is 10.
 */
class FeaturesTest {

    private static final String RUN = "test-run";
    private static final double EXACT = 1e-12;

    @TempDir
    static Path temp;

    /** The lake built once from the unmodified fixture; tests that only read share it. */
    private static Path lake;
    private static String stepOutput;

    @BeforeAll
    static void buildTheFixturesFeatures() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lake = build(new FeatureFixture(), "fixture", new PrintStream(out, true, StandardCharsets.UTF_8));
        stepOutput = out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void userProductFeaturesEqualTheHandComputedValues() throws SQLException {
        // GIVEN user 1 bought Banana in orders 10 and 12 (31 and 10 days before the predicted order,
        // 2 and 0 orders before the latest prior order), at cart positions 1 and 2
        // WHEN the user x product features are computed
        Map<String, Object> banana = row(FeatureTable.USER_PRODUCT, "user_id = 1 AND product_id = 1");
        // THEN each equals its hand computation
        assertNumber(2, banana, "user_product_times_bought");
        assertNumber(2.0 / 3, banana, "user_product_order_share");                         // 2 of 3 prior orders
        assertNumber(2.0 / 3, banana, "user_product_order_share_since_first_purchase");    // first bought in order #1
        assertNumber(0, banana, "user_product_orders_since_last_purchase");                // in the latest order
        assertNumber(10.0, banana, "user_product_days_since_last_purchase");
        assertNumber(31.0 - 10.0, banana, "user_product_mean_days_between_purchases");     // one gap of 21 days
        assertNumber(10.0 / 21.0, banana, "user_product_days_since_last_vs_cycle");
        assertNumber(2.0, banana, "user_product_mean_orders_between_purchases");           // orders #1 -> #3
        assertNumber((0 + 1) / 2.0, banana, "user_product_orders_since_last_vs_cycle");
        assertNumber(1, banana, "user_product_current_streak");                            // not in order #2
        assertNumber(2, banana, "user_product_purchases_in_last_3_orders");
        assertNumber(2, banana, "user_product_purchases_in_last_5_orders");
        assertNumber((1 + 2) / 2.0, banana, "user_product_mean_cart_position");
        assertNumber(1.0 + 0.9 * 0.9, banana, "user_product_recency_weighted_purchases"); // decay 0.9: latest order 1, two before .81

        // GIVEN Strawberries bought in orders 11 and 12 (24 and 10 days before), cart 1 both times
        Map<String, Object> strawberries = row(FeatureTable.USER_PRODUCT, "user_id = 1 AND product_id = 3");
        // THEN the streak counts both latest orders and the cycle is the 14-day gap between them
        assertNumber(2, strawberries, "user_product_current_streak");
        assertNumber(2.0 / 2, strawberries, "user_product_order_share_since_first_purchase"); // orders #2 and #3
        assertNumber(24.0 - 10.0, strawberries, "user_product_mean_days_between_purchases");
        assertNumber(10.0 / 14.0, strawberries, "user_product_days_since_last_vs_cycle");
        assertNumber(1.0, strawberries, "user_product_mean_orders_between_purchases");
        assertNumber(1.0, strawberries, "user_product_orders_since_last_vs_cycle");
        assertNumber(1.0, strawberries, "user_product_mean_cart_position");

        // GIVEN Yogurt bought once, in user 1's first order (31 days before, 2 orders before the latest)
        Map<String, Object> yogurt = row(FeatureTable.USER_PRODUCT, "user_id = 1 AND product_id = 2");
        // THEN recency is known, a cycle is not: a product bought once has none yet
        assertNumber(1, yogurt, "user_product_times_bought");
        assertNumber(1.0 / 3, yogurt, "user_product_order_share_since_first_purchase");
        assertNumber(2, yogurt, "user_product_orders_since_last_purchase");
        assertNumber(31.0, yogurt, "user_product_days_since_last_purchase");
        assertNull(yogurt.get("user_product_mean_days_between_purchases"));
        assertNull(yogurt.get("user_product_days_since_last_vs_cycle"));
        assertNull(yogurt.get("user_product_mean_orders_between_purchases"));
        assertNull(yogurt.get("user_product_orders_since_last_vs_cycle"));
        assertNumber(0, yogurt, "user_product_current_streak");
        assertNumber(1, yogurt, "user_product_purchases_in_last_3_orders");
        assertNumber(2.0, yogurt, "user_product_mean_cart_position");
        assertNumber(0.9 * 0.9, yogurt, "user_product_recency_weighted_purchases");

        // GIVEN user 2's only prior order (its days are empty) 30 days before their test order
        Map<String, Object> user2Milk = row(FeatureTable.USER_PRODUCT, "user_id = 2 AND product_id = 4");
        // THEN the days run to the predicted order and the single order is the whole history
        assertNumber(30.0, user2Milk, "user_product_days_since_last_purchase");
        assertNumber(1.0, user2Milk, "user_product_order_share");
        assertNumber(1, user2Milk, "user_product_current_streak");
        assertNumber(2.0, user2Milk, "user_product_mean_cart_position");

        // AND there is one row per product each user bought before: 4 for user 1, 2 for user 2
        assertEquals(6, rows(lake, FeatureTable.USER_PRODUCT).size());
    }

    @Test
    void userFeaturesEqualTheHandComputedValues() throws SQLException {
        // GIVEN user 1's prior orders of 2, 1 and 3 lines, 7 and 14 days apart, the first with empty days
        // WHEN the user features are computed
        Map<String, Object> user1 = row(FeatureTable.USER, "user_id = 1");
        // THEN
        assertNumber(3, user1, "user_prior_orders");
        assertNumber((7 + 14) / 2.0, user1, "user_mean_days_between_orders");
        // sample standard deviation of {7, 14}: sqrt(((7 - 10.5)^2 + (14 - 10.5)^2) / (2 - 1))
        assertNumber(Math.sqrt(3.5 * 3.5 + 3.5 * 3.5), user1, "user_stddev_days_between_orders");
        assertNumber(7 + 14, user1, "user_history_days");
        assertNumber(2 + 1 + 3, user1, "user_total_products");
        assertNumber(4, user1, "user_distinct_products");                 // Banana, Yogurt, Strawberries, Milk
        assertNumber((2 + 1 + 3) / 3.0, user1, "user_mean_basket_size");
        // orders after the first: #2 (1 line, no reorder) and #3 (3 lines, 2 reorders)
        assertNumber(2.0 / (1 + 3), user1, "user_reorder_ratio");
        assertNumber(1.0 / 2, user1, "user_no_reorder_order_share");

        // GIVEN user 2 with a single prior order, whose days are empty
        Map<String, Object> user2 = row(FeatureTable.USER, "user_id = 2");
        // THEN gaps and reorder rates are unknown (NULL), counts are not
        assertNumber(1, user2, "user_prior_orders");
        assertNull(user2.get("user_mean_days_between_orders"));
        assertNull(user2.get("user_stddev_days_between_orders"));
        assertNull(user2.get("user_reorder_ratio"));
        assertNull(user2.get("user_no_reorder_order_share"));
        assertNumber(2, user2, "user_distinct_products");
        assertNumber(2.0, user2, "user_mean_basket_size");
    }

    @Test
    void productFeaturesEqualTheHandComputedValuesAtProductAisleAndDepartmentLevel() throws SQLException {
        // GIVEN Banana bought 3 times by 2 users (user 1 twice, at carts 1 and 2; user 2 once, at cart 1)
        // WHEN the product features are computed
        Map<String, Object> banana = row(FeatureTable.PRODUCT, "product_id = 1");
        // THEN
        assertNumber(3, banana, "product_purchases");
        assertNumber(2, banana, "product_distinct_buyers");
        assertNumber((3 - 2) / 3.0, banana, "product_reorder_probability");          // 1 of 3 purchases was a repeat
        assertNumber(1.0 / 2, banana, "product_second_purchase_probability");        // 1 of 2 buyers came back
        assertNumber((1 + 2 + 1) / 3.0, banana, "product_mean_cart_position");
        // aisle 1 (Banana, Strawberries): 5 purchases by 3 (user, product) pairs, 2 of them repeated;
        // cart positions 1, 2, 1 (Banana) and 1, 1 (Strawberries)
        assertNumber((5 - 3) / 5.0, banana, "aisle_reorder_probability");
        assertNumber(2.0 / 3, banana, "aisle_second_purchase_probability");
        assertNumber((1 + 2 + 1 + 1 + 1) / 5.0, banana, "aisle_mean_cart_position");

        // GIVEN Milk (aisle 3, department 2 with Yogurt): bought once by each user, carts 3 and 2
        Map<String, Object> milk = row(FeatureTable.PRODUCT, "product_id = 4");
        assertNumber(0.0, milk, "product_reorder_probability");
        assertNumber((3 + 2) / 2.0, milk, "aisle_mean_cart_position");
        // department 2: Yogurt (cart 2) and Milk (carts 3, 2): 3 purchases, 3 pairs, no repeat
        assertNumber(0.0, milk, "department_reorder_probability");
        assertNumber(0.0, milk, "department_second_purchase_probability");
        assertNumber((2 + 3 + 2) / 3.0, milk, "department_mean_cart_position");

        // AND Eggs, bought only in the train order (a label), has no product features at all
        assertEquals(List.of(), rows(lake, FeatureTable.PRODUCT, "product_id = 5"));
        assertEquals(4, rows(lake, FeatureTable.PRODUCT).size());
    }

    @Test
    void orderContextDescribesEachOrderBeingPredicted() throws SQLException {
        // GIVEN user 1's train order (dow 0, hour 11, 10 days after order #3; their mean gap is 10.5)
        // WHEN the order context is computed
        Map<String, Object> train = row(FeatureTable.ORDER_CONTEXT, "order_id = 13");
        // THEN
        assertFalse(train.containsKey("eval_set"), "every non-key column is a feature; eval_set is not one");
        assertNumber(1, train, "user_id");
        assertNumber(0, train, "order_day_of_week");
        assertNumber(11, train, "order_hour_of_day");
        assertNumber(10.0, train, "order_days_since_prior_order");
        assertNumber(10.0 / 10.5, train, "order_days_since_prior_vs_user_mean");
        // AND user 2's test order has no ratio: user 2 has no gap between prior orders
        Map<String, Object> test = row(FeatureTable.ORDER_CONTEXT, "order_id = 21");
        assertNumber(30.0, test, "order_days_since_prior_order");
        assertNull(test.get("order_days_since_prior_vs_user_mean"));
        // AND prior orders are not predicted
        assertEquals(2, rows(lake, FeatureTable.ORDER_CONTEXT).size());
    }

    @Test
    void recentOrdersAreEachUsersPriorOrdersLatestFirstWithProductsInCartOrder() throws SQLException {
        // GIVEN user 1's prior orders #1-#3 and train order #4, user 2's prior order #1 (no days) and test order
        // WHEN the features step has built user_recent_orders from the curated tables
        List<Map<String, Object>> rows = rows(lake, FeatureTable.RECENT_ORDERS);
        // THEN it holds the prior orders only, each with its timing and its lines by cart position
        List<String> orders = rows.stream().map(r -> r.get("user_id") + " " + r.get("order_id") + " #" + r.get("order_number")
                + " " + r.get("order_dow") + " " + r.get("order_hour_of_day") + " " + r.get("days_since_prior_order")
                + " " + r.get("product_ids")).toList();
        assertEquals(List.of(
                "1 10 #1 1 8 null [1, 2]",
                "1 11 #2 3 9 7.0 [3]",
                "1 12 #3 5 10 14.0 [3, 1, 4]",
                "2 20 #1 2 12 null [1, 4]"), orders);
    }

    @Test
    void changingATrainOrdersLinesChangesNoFeatureValue() throws Exception {
        // GIVEN the fixture with user 1's train basket replaced: other products, other carts, other flags
        FeatureFixture relabelled = new FeatureFixture().with(InstacartTable.ORDER_PRODUCTS_TRAIN, FeatureFixture.LINES_HEADER
                + "13,2,1,1\n"
                + "13,3,2,1\n"
                + "13,5,3,0\n"
                + "13,4,4,1\n");
        // WHEN the features are built from each
        Path changed = build(relabelled, "relabelled", quiet());
        // THEN every feature table is identical, row for row and value for value
        for (FeatureTable table : FeatureTable.values()) {
            assertEquals(rows(lake, table), rows(changed, table), table.tableName());
        }
    }

    @Test
    void theLeakageComparisonDetectsAChangedPriorLine() throws Exception {
        // GIVEN the fixture with one prior line's cart position changed (history, not a label)
        FeatureFixture moved = new FeatureFixture().with(InstacartTable.ORDER_PRODUCTS_PRIOR, FeatureFixture.LINES_HEADER
                + "12,3,3,1\n12,1,2,1\n12,4,1,0\n10,1,1,0\n10,2,2,0\n11,3,1,0\n20,1,1,0\n20,4,2,0\n");
        // WHEN the features are built
        Path changed = build(moved, "moved", quiet());
        // THEN the same comparison the leakage test uses sees the difference
        assertNotEquals(rows(lake, FeatureTable.USER_PRODUCT), rows(changed, FeatureTable.USER_PRODUCT));
        assertNotEquals(rows(lake, FeatureTable.PRODUCT), rows(changed, FeatureTable.PRODUCT));
    }

    @Test
    void aSourceWithoutTimingGivesNullTimingFeaturesAndEveryOtherFeature() throws Exception {
        // GIVEN a TaFeng-like source: the same orders with day of week, hour and days all empty
        FeatureFixture untimed = new FeatureFixture().with(InstacartTable.ORDERS, FeatureFixture.ORDERS_HEADER
                + "12,1,prior,3,,,\n10,1,prior,1,,,\n11,1,prior,2,,,\n13,1,train,4,,,\n20,2,prior,1,,,\n21,2,test,2,,,\n");
        // WHEN the features are built (no error)
        Path built = build(untimed, "untimed", quiet());
        // THEN timing features are NULL
        Map<String, Object> banana = row(built, FeatureTable.USER_PRODUCT, "user_id = 1 AND product_id = 1");
        assertNull(banana.get("user_product_days_since_last_purchase"));
        assertNull(banana.get("user_product_mean_days_between_purchases"));
        assertNull(banana.get("user_product_days_since_last_vs_cycle"));
        Map<String, Object> user1 = row(built, FeatureTable.USER, "user_id = 1");
        assertNull(user1.get("user_mean_days_between_orders"));
        assertNull(user1.get("user_stddev_days_between_orders"));
        assertNull(user1.get("user_history_days"));
        Map<String, Object> train = row(built, FeatureTable.ORDER_CONTEXT, "order_id = 13");
        assertNull(train.get("order_day_of_week"));
        assertNull(train.get("order_hour_of_day"));
        assertNull(train.get("order_days_since_prior_order"));
        assertNull(train.get("order_days_since_prior_vs_user_mean"));
        // AND the features counted in orders keep their values
        assertNumber(2.0, banana, "user_product_mean_orders_between_purchases");
        assertNumber(0.5, banana, "user_product_orders_since_last_vs_cycle");
        assertNumber(1, banana, "user_product_current_streak");
        assertNumber(0.5, user1, "user_reorder_ratio");
        assertNotNull(row(built, FeatureTable.PRODUCT, "product_id = 1").get("product_reorder_probability"));
    }

    @Test
    void theStepWritesEachTableUnderTheRunAndReportsItsRows() throws Exception {
        // GIVEN the fixture's features step has run
        // THEN each table is Parquet under features/<run>/<table>/ and the step printed its row count
        for (FeatureTable table : FeatureTable.values()) {
            Path folder = lake.resolve("features").resolve(RUN).resolve(table.tableName());
            assertTrue(Files.isDirectory(folder), folder.toString());
            int rows = rows(lake, table).size();
            assertTrue(stepOutput.matches("(?s).*\\b" + table.tableName() + "\\s+" + rows + " rows.*"), stepOutput);
        }
        assertTrue(Files.isRegularFile(lake.resolve("reports").resolve(RUN).resolve("features.json")));
    }

    @Test
    void featuresBeforeCurateIsAnErrorNamingTheMissingStep() throws Exception {
        // GIVEN raw files but no curated tables
        Path raw = new FeatureFixture().writeTo(temp.resolve("uncurated").resolve("raw"));
        StepContext context = new StepContext(raw, temp.resolve("uncurated").resolve("work"), RUN,
                ReplenishConfig.defaults(), quiet());
        // WHEN only the features step runs
        UserError error = assertThrows(UserError.class,
                () -> LocalPipeline.standard().run(context, PipelineStep.FEATURES, PipelineStep.FEATURES));
        // THEN the error says which table is missing and what to run
        assertTrue(error.getMessage().contains("orders is not curated"), error.getMessage());
        assertTrue(error.getMessage().contains("run the curate step first"), error.getMessage());
    }

    // ---------------------------------------------------------------------------------------------

    private static Path build(FeatureFixture fixture, String name, PrintStream out) throws Exception {
        Path raw = fixture.writeTo(temp.resolve(name).resolve("raw"));
        Path work = temp.resolve(name).resolve("work");
        StepContext context = new StepContext(raw, work, RUN, ReplenishConfig.defaults(), out);
        LocalPipeline.standard().run(context, PipelineStep.CATALOG, PipelineStep.FEATURES);
        return work;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> row(FeatureTable table, String where) throws SQLException {
        return row(lake, table, where);
    }

    private static Map<String, Object> row(Path lake, FeatureTable table, String where) throws SQLException {
        List<Map<String, Object>> rows = rows(lake, table, where);
        assertEquals(1, rows.size(), table.tableName() + " WHERE " + where);
        return rows.get(0);
    }

    private static List<Map<String, Object>> rows(Path lake, FeatureTable table) throws SQLException {
        return rows(lake, table, "true");
    }

    /** A feature table's rows as column -> value, in a fixed order, read back from its Parquet. */
    private static List<Map<String, Object>> rows(Path lake, FeatureTable table, String where) throws SQLException {
        Path folder = lake.resolve("features").resolve(RUN).resolve(table.tableName());
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM read_parquet('" + folder + "/*.parquet') WHERE " + where
                     + " ORDER BY ALL")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    // A list (user_recent_orders' products) as its values, so rows compare by content.
                    row.put(meta.getColumnName(i), value instanceof java.sql.Array list ? List.of((Object[]) list.getArray()) : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static void assertNumber(double expected, Map<String, Object> row, String column) {
        assertTrue(row.containsKey(column), "no column " + column + " in " + row.keySet());
        Object value = row.get(column);
        assertNotNull(value, column + " is NULL");
        assertEquals(expected, ((Number) value).doubleValue(), EXACT, column);
    }
}
