package dev.replenish.sources.generate;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.sources.instacart.InstacartFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated files are the Kaggle layout, read by an independent CSV reader (DuckDB's sniffer). */
class GeneratedFilesFormatTest {

    static final int USERS = 1_500;

    @TempDir
    static Path dir;
    static InstacartFiles files;

    @BeforeAll
    static void generate() throws Exception {
        GeneratedData.generate(dir, USERS, 11, 2);
        files = InstacartFiles.at(dir);
    }

    @AfterAll
    static void close() throws Exception {
        files.close();
    }

    @Test
    void eachFileHasTheContractsHeader() throws Exception {
        // GIVEN the generated directory
        for (InstacartTable table : InstacartTable.values()) {
            // WHEN the first line of each file is read
            String header = Files.readAllLines(dir.resolve(table.fileName())).get(0);
            // THEN it is the contract's header
            assertEquals(table.headerLine(), header, table.fileName());
        }
    }

    @Test
    void daysSincePriorOrderIsEmptyExactlyOnFirstOrdersAndWrittenAsAFloat() throws Exception {
        // GIVEN the orders file
        List<String> lines = Files.readAllLines(dir.resolve("orders.csv"));

        // WHEN each order's last field is looked at
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            boolean first = fields[3].equals("1");
            // THEN it is empty on a first order and a whole number of days 0-30 written as "d.0" otherwise
            if (first) {
                assertEquals("", fields[6], line);
            } else {
                assertTrue(fields[6].matches("([0-9]|[12][0-9]|30)\\.0"), line);
            }
        }
    }

    @Test
    void ordersAreSortedByUserThenOrderNumberAndEachUserEndsWithOneTrainOrTestOrder() throws Exception {
        // GIVEN the orders file, read in file order
        List<String[]> orders = Files.readAllLines(dir.resolve("orders.csv")).stream().skip(1)
                .map(line -> line.split(",", -1)).toList();

        // WHEN each user's run of orders is walked
        long previousUser = 0;
        int expectedNumber = 1;
        int users = 0;
        for (int i = 0; i < orders.size(); i++) {
            String[] order = orders.get(i);
            long user = Long.parseLong(order[1]);
            if (user != previousUser) {
                // THEN users come in ascending order, each starting at order 1
                assertTrue(user > previousUser, "user " + user + " after " + previousUser);
                expectedNumber = 1;
                users++;
            }
            assertEquals(expectedNumber, Integer.parseInt(order[3]), "order number of user " + user);
            boolean lastOfUser = i + 1 == orders.size() || !orders.get(i + 1)[1].equals(order[1]);
            // AND only the last order is train or test; it is order 4..100
            if (lastOfUser) {
                assertTrue(Set.of("train", "test").contains(order[2]), "last order of user " + user);
                assertTrue(expectedNumber >= 4 && expectedNumber <= 100, "user " + user + " has " + expectedNumber + " orders");
            } else {
                assertEquals("prior", order[2], "order " + expectedNumber + " of user " + user);
            }
            previousUser = user;
            expectedNumber++;
        }
        assertEquals(USERS, users);
    }

    @Test
    void orderIdsAreAPermutationOfOneToTheNumberOfOrders() throws Exception {
        // GIVEN the orders
        // WHEN their ids are summarised
        List<String> summary = files.rows("SELECT min(order_id), max(order_id), count(DISTINCT order_id), count(*) FROM {orders}").get(0);
        // THEN they are 1..n, each once
        assertEquals("1", summary.get(0));
        assertEquals(summary.get(3), summary.get(1));
        assertEquals(summary.get(3), summary.get(2));
        // AND a user's consecutive orders do not get consecutive ids
        double consecutive = files.number("SELECT avg(CASE WHEN order_id = lag_id + 1 THEN 1.0 ELSE 0.0 END) FROM"
                + " (SELECT order_id, lag(order_id) OVER (PARTITION BY user_id ORDER BY order_number) AS lag_id FROM {orders})"
                + " WHERE lag_id IS NOT NULL");
        assertTrue(consecutive < 0.01, "share of consecutive ids " + consecutive);
    }

    @Test
    void trainOrdersHaveLinesInTheTrainFileAndTestOrdersHaveNoLinesAnywhere() throws Exception {
        // GIVEN orders and both line files
        // WHEN lines are matched to their orders' eval_set
        List<List<String>> linesBySet = files.rows("SELECT 'prior file', o.eval_set, count(*) FROM {order_products_prior} l"
                + " JOIN {orders} o USING (order_id) GROUP BY o.eval_set"
                + " UNION ALL SELECT 'train file', o.eval_set, count(*) FROM {order_products_train} l"
                + " JOIN {orders} o USING (order_id) GROUP BY o.eval_set");
        Set<String> pairs = linesBySet.stream().map(row -> row.get(0) + ": " + row.get(1)).collect(Collectors.toSet());
        // THEN the prior file only holds prior orders' lines, the train file only train orders' lines
        assertEquals(Set.of("prior file: prior", "train file: train"), pairs);
        // AND every line belongs to a known order
        double orphans = files.number("SELECT count(*) FROM (SELECT order_id FROM {order_products_prior}"
                + " UNION ALL SELECT order_id FROM {order_products_train}) l ANTI JOIN {orders} o USING (order_id)");
        assertEquals(0, orphans);
        // AND every train order has at least one line
        double trainWithoutLines = files.number("SELECT count(*) FROM {orders} o WHERE eval_set = 'train'"
                + " AND order_id NOT IN (SELECT order_id FROM {order_products_train})");
        assertEquals(0, trainWithoutLines);
        // AND both kinds of users exist
        assertTrue(files.number("SELECT count(*) FROM {orders} WHERE eval_set = 'test'") > 0);
        // AND every prior order has lines too (Instacart has no empty orders)
        assertEquals(0, files.number("SELECT count(*) FROM {orders} WHERE eval_set = 'prior'"
                + " AND order_id NOT IN (SELECT order_id FROM {order_products_prior})"));
    }

    @Test
    void reorderedIsOneExactlyWhenTheUserBoughtTheProductInAnEarlierOrder() throws Exception {
        // GIVEN every line with its user and order number
        // WHEN the flag is recomputed from the user's earlier orders
        double wrong = files.number("""
                WITH lines AS (
                  SELECT o.user_id, o.order_number, l.product_id, l.reordered
                  FROM (SELECT * FROM {order_products_prior} UNION ALL SELECT * FROM {order_products_train}) l
                  JOIN {orders} o USING (order_id)),
                first_purchase AS (SELECT user_id, product_id, min(order_number) AS first FROM lines GROUP BY ALL)
                SELECT count(*) FROM lines JOIN first_purchase USING (user_id, product_id)
                WHERE reordered <> CASE WHEN order_number > first THEN 1 ELSE 0 END""");
        // THEN no line disagrees
        assertEquals(0, wrong);
    }

    @Test
    void eachOrderListsAProductOnceWithCartPositionsOneToItsSize() throws Exception {
        // GIVEN all order lines
        // WHEN they are grouped by order
        double bad = files.number("SELECT count(*) FROM (SELECT order_id, count(*) n, count(DISTINCT product_id) p,"
                + " min(add_to_cart_order) lo, max(add_to_cart_order) hi, count(DISTINCT add_to_cart_order) k"
                + " FROM (SELECT * FROM {order_products_prior} UNION ALL SELECT * FROM {order_products_train}) GROUP BY order_id)"
                + " WHERE p <> n OR lo <> 1 OR hi <> n OR k <> n");
        // THEN every order has distinct products at positions 1..n
        assertEquals(0, bad);
    }

    @Test
    void theCatalogIsInstacartsShapeAndItsNamesSurviveQuoting() throws Exception {
        // GIVEN the catalog files
        // WHEN they are read by DuckDB's sniffer
        double products = files.number("SELECT count(*) FROM {products}");
        double distinctNames = files.number("SELECT count(DISTINCT product_name) FROM {products}");
        double withComma = files.number("SELECT count(*) FROM {products} WHERE product_name LIKE '%,%'");
        double withQuote = files.number("SELECT count(*) FROM {products} WHERE product_name LIKE '%\"%'");
        long fileLines = Files.readAllLines(dir.resolve("products.csv")).size() - 1;
        // THEN there are 49,688 products with unique names, one per file line
        assertEquals(49_688, products);
        assertEquals(products, distinctNames);
        assertEquals((long) products, fileLines);
        // AND some names carry commas and some double quotes, so ingestion meets both
        assertTrue(withComma >= 50, withComma + " names with a comma");
        assertTrue(withQuote >= 10, withQuote + " names with a quote");
        // AND there are 134 aisles in 21 departments, each aisle in one department, every product in a known aisle
        assertEquals(134, files.number("SELECT count(*) FROM {aisles}"));
        assertEquals(21, files.number("SELECT count(*) FROM {departments}"));
        assertEquals(0, files.number("SELECT count(*) FROM (SELECT aisle_id FROM {products} GROUP BY aisle_id"
                + " HAVING count(DISTINCT department_id) > 1)"));
        assertEquals(0, files.number("SELECT count(*) FROM {products} p ANTI JOIN {aisles} a USING (aisle_id)"));
        assertEquals(0, files.number("SELECT count(*) FROM {products} p ANTI JOIN {departments} d USING (department_id)"));
    }
}
