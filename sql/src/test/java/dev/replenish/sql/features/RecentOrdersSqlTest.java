package dev.replenish.sql.features;

import dev.replenish.core.featurestore.OrderHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * sql/features/user_recent_orders.sql on real DuckDB, over curated tables made by hand (the types
 * the curate step writes):
 *
 * <pre>
 * user 1  prior orders 101..112 (#1..#12, listed out of order), each with lines n*10+2 (cart 1),
 *         n*10+3 (cart 2), n*10+1 (cart 3) written in another order; train order 113 (#13)
 * user 2  prior 200 (#1, no timing) {7}; prior 201 (#2) whose lines were all rejected; test 202 (#3)
 * </pre>
 */
class RecentOrdersSqlTest {

    private Connection duckDb;

    @BeforeEach
    void curatedTables() throws SQLException {
        duckDb = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duckDb.createStatement()) {
            s.execute("CREATE TABLE orders (order_id BIGINT, user_id BIGINT, eval_set VARCHAR, order_number INTEGER, "
                    + "order_dow INTEGER, order_hour_of_day INTEGER, days_since_prior_order DOUBLE)");
            s.execute("CREATE TABLE order_products_prior (order_id BIGINT, product_id BIGINT, add_to_cart_order INTEGER, reordered INTEGER)");
            // Orders in a scrambled order: nothing may rely on the rows' order.
            for (int n : new int[]{7, 12, 1, 3, 10, 2, 11, 5, 4, 9, 6, 8}) {
                s.execute("INSERT INTO orders VALUES (" + (100 + n) + ", 1, 'prior', " + n + ", " + (n % 7) + ", " + (8 + n) + ", "
                        + (n == 1 ? "NULL" : Integer.toString(n)) + ")");
                s.execute("INSERT INTO order_products_prior VALUES (" + (100 + n) + ", " + (n * 10 + 1) + ", 3, 0), ("
                        + (100 + n) + ", " + (n * 10 + 3) + ", 2, 0), (" + (100 + n) + ", " + (n * 10 + 2) + ", 1, 0)");
            }
            s.execute("INSERT INTO orders VALUES (113, 1, 'train', 13, 0, 9, 3), "
                    + "(202, 2, 'test', 3, 1, 10, 5), (201, 2, 'prior', 2, NULL, NULL, NULL), (200, 2, 'prior', 1, NULL, NULL, NULL)");
            s.execute("INSERT INTO order_products_prior VALUES (200, 7, 1, 0)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        duckDb.close();
    }

    /** One result row: "user order #number dow hour days [products]". */
    private List<String> recentOrders() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = duckDb.createStatement();
             ResultSet rs = s.executeQuery("SELECT user_id, order_id, order_number, order_dow, order_hour_of_day, "
                     + "days_since_prior_order, product_ids FROM (" + FeatureTable.RECENT_ORDERS.sql()
                     + ") ORDER BY user_id, order_number DESC")) {
            while (rs.next()) {
                Array products = rs.getArray(7);
                rows.add(rs.getLong(1) + " " + rs.getLong(2) + " #" + rs.getInt(3) + " " + rs.getObject(4) + " " + rs.getObject(5)
                        + " " + rs.getObject(6) + " " + (products == null ? "null" : Arrays.toString((Object[]) products.getArray())));
            }
        }
        return rows;
    }

    @Test
    void eachUserKeepsTheLatestPriorOrdersOnlyWithProductsInCartOrder() throws SQLException {
        // GIVEN the hand-made history (user 1: twelve prior orders and a train order)
        // WHEN the query runs
        List<String> rows = recentOrders();
        // THEN user 1 has the latest OrderHistory.KEPT prior orders, #12 down to #3: not #1 and #2 (too
        // old), not the train order #13 (not a past order); each with its timing and its products by cart position
        List<String> expected = new ArrayList<>();
        for (int n = 12; n > 12 - OrderHistory.KEPT; n--) {
            expected.add("1 " + (100 + n) + " #" + n + " " + (n % 7) + " " + (8 + n) + " " + (double) n
                    + " [" + (n * 10 + 2) + ", " + (n * 10 + 3) + ", " + (n * 10 + 1) + "]");
        }
        assertEquals(expected, rows.subList(0, OrderHistory.KEPT));
        // AND user 2 has both prior orders and not the test order: the one with no timing keeps NULLs, and
        // the one whose lines were all rejected keeps its place with no products
        assertEquals(List.of("2 201 #2 null null null null", "2 200 #1 null null null [7]"),
                rows.subList(OrderHistory.KEPT, rows.size()));
    }

    @Test
    void theProductsColumnIsAListOfBigintsAndTheGrainIsOneRowPerUserAndOrder() throws SQLException {
        // GIVEN the hand-made history WHEN the query's result is described and its keys counted
        try (Statement s = duckDb.createStatement()) {
            ResultSet types = s.executeQuery("SELECT column_name, column_type FROM (DESCRIBE " + FeatureTable.RECENT_ORDERS.sql()
                    + ") WHERE column_name IN ('product_ids', 'order_id')");
            List<String> described = new ArrayList<>();
            while (types.next()) {
                described.add(types.getString(1) + " " + types.getString(2));
            }
            // THEN the products are a BIGINT list (what the join reads as array<bigint>)
            assertTrue(described.contains("product_ids BIGINT[]"), described.toString());
            ResultSet keys = s.executeQuery("SELECT count(*), count(DISTINCT (user_id, order_id)) FROM ("
                    + FeatureTable.RECENT_ORDERS.sql() + ")");
            keys.next();
            // AND every (user, order) is one row
            assertEquals(keys.getLong(2), keys.getLong(1));
            assertEquals(OrderHistory.KEPT + 2, keys.getLong(1));
        }
    }

    @Test
    void aChangedCartPositionChangesTheProductOrder() throws SQLException {
        // GIVEN user 2's order 200 with a second line added to the front of the cart
        try (Statement s = duckDb.createStatement()) {
            s.execute("UPDATE order_products_prior SET add_to_cart_order = 2 WHERE order_id = 200 AND product_id = 7");
            s.execute("INSERT INTO order_products_prior VALUES (200, 99, 1, 0)");
        }
        // WHEN the query runs
        List<String> rows = recentOrders();
        // THEN the products follow the cart, not the ids or the insertion order
        assertEquals("2 200 #1 null null null [99, 7]", rows.get(rows.size() - 1));
    }
}
