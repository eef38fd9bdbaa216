package dev.replenish.sources.tafeng;

import dev.replenish.core.contract.InstacartTable;
import dev.replenish.sources.instacart.InstacartFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny hand-written TaFeng file, its expected files worked out by hand:
 * <pre>
 * user 7: [10, 20], [20, 30, 20], [], [30, 10, 40]
 *         -> prior 1: 10 new, 20 new; prior 2: 20 again, 30 new (the second 20 merged);
 *            the empty basket dropped; train 3: 30 again, 10 again, 40 new
 * user 3: [5], [5, 6]        -> prior 1: 5 new; train 2: 5 again, 6 new
 * user 9: [1, 2, 3]          -> one basket: skipped
 * user 4: [], [8]            -> one non-empty basket: skipped (and one empty basket dropped)
 * </pre>
 */
class BasketImportTest {

    static final String BASKETS = """
            {"7": [[10, 20], [20, 30, 20], [], [30, 10, 40]],
             "3": [[5], [5, 6]],
             "9": [[1, 2, 3]],
             "4": [[], [8]]}
            """;

    @TempDir
    Path dir;

    @Test
    void lastBasketIsTheTrainOrderAndReorderedFollowsTheUsersHistory() throws Exception {
        // GIVEN the hand-written baskets
        Path json = Files.writeString(dir.resolve("baskets.json"), BASKETS);
        Path out = dir.resolve("out");

        // WHEN they are imported
        BasketImport.tafengJson(json, out);

        // THEN each line has the hand-computed eval set, order number, cart position and re-order flag
        try (InstacartFiles files = InstacartFiles.at(out)) {
            List<List<String>> lines = files.rows("""
                    SELECT o.user_id, o.eval_set, o.order_number, p.product_name, l.add_to_cart_order, l.reordered
                    FROM (SELECT * FROM {order_products_prior} UNION ALL SELECT * FROM {order_products_train}) l
                    JOIN {orders} o USING (order_id) JOIN {products} p USING (product_id)
                    ORDER BY o.user_id, o.order_number, l.add_to_cart_order""");
            assertEquals(List.of(
                    List.of("3", "prior", "1", "item 5", "1", "0"),
                    List.of("3", "train", "2", "item 5", "1", "1"),
                    List.of("3", "train", "2", "item 6", "2", "0"),
                    List.of("7", "prior", "1", "item 10", "1", "0"),
                    List.of("7", "prior", "1", "item 20", "2", "0"),
                    List.of("7", "prior", "2", "item 20", "1", "1"),
                    List.of("7", "prior", "2", "item 30", "2", "0"),
                    List.of("7", "train", "3", "item 30", "1", "1"),
                    List.of("7", "train", "3", "item 10", "2", "1"),
                    List.of("7", "train", "3", "item 40", "3", "0")), lines);
        }
    }

    @Test
    void ordersHaveEmptyTimingAndIdsOneToTheOrderCountAndTheCatalogIsUnknown() throws Exception {
        // GIVEN the hand-written baskets
        Path json = Files.writeString(dir.resolve("baskets.json"), BASKETS);
        Path out = dir.resolve("out");

        // WHEN they are imported
        BasketImport.tafengJson(json, out);

        // THEN orders.csv lists users 3 and 7 in order, with the three timing fields empty
        List<String> orders = Files.readAllLines(out.resolve("orders.csv"));
        assertEquals(InstacartTable.ORDERS.headerLine(), orders.get(0));
        List<String> withoutIds = orders.stream().skip(1).map(line -> line.substring(line.indexOf(',') + 1)).toList();
        assertEquals(List.of("3,prior,1,,,", "3,train,2,,,", "7,prior,1,,,", "7,prior,2,,,", "7,train,3,,,"), withoutIds);
        // AND the five orders have the ids 1..5
        List<Long> ids = orders.stream().skip(1).map(line -> Long.parseLong(line.substring(0, line.indexOf(',')))).sorted().toList();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids);
        // AND products are the imported users' items, numbered by ascending item id, in the one unknown aisle and department
        assertEquals(List.of("product_id,product_name,aisle_id,department_id", "1,item 5,1,1", "2,item 6,1,1", "3,item 10,1,1",
                "4,item 20,1,1", "5,item 30,1,1", "6,item 40,1,1"), Files.readAllLines(out.resolve("products.csv")));
        assertEquals(List.of("aisle_id,aisle", "1,unknown"), Files.readAllLines(out.resolve("aisles.csv")));
        assertEquals(List.of("department_id,department", "1,unknown"), Files.readAllLines(out.resolve("departments.csv")));
    }

    @Test
    void theSummaryCountsEverythingThatWasDroppedMergedOrSkipped() throws Exception {
        // GIVEN the hand-written baskets
        Path json = Files.writeString(dir.resolve("baskets.json"), BASKETS);

        // WHEN they are imported
        BasketImport.Summary summary = BasketImport.tafengJson(json, dir.resolve("out"));

        // THEN the counts are the hand-computed ones
        assertEquals(4, summary.usersRead());
        assertEquals(2, summary.usersSkipped());
        assertEquals(List.of(9L, 4L), summary.skippedUserIds());
        assertEquals(9, summary.basketsRead());
        assertEquals(2, summary.emptyBasketsDropped());
        assertEquals(3, summary.priorOrders());
        assertEquals(2, summary.trainOrders());
        assertEquals(15, summary.linesRead());
        assertEquals(1, summary.duplicateItemsMerged());
        assertEquals(4, summary.linesOfSkippedUsers());
        assertEquals(10, summary.linesWritten());
        assertEquals(4, summary.reorderedLines());
        assertEquals(6, summary.products());
        // AND nothing is lost: every line read is written, merged or a skipped user's
        assertEquals(summary.linesRead(), summary.linesWritten() + summary.duplicateItemsMerged() + summary.linesOfSkippedUsers());
    }

    @Test
    void aFileWhereNoUserHasTwoBasketsGivesHeaderOnlyOrderFiles() throws Exception {
        // GIVEN only users with a single basket
        Path json = Files.writeString(dir.resolve("baskets.json"), "{\"1\": [[1, 2]], \"2\": [[3]]}");
        Path out = dir.resolve("out");

        // WHEN they are imported
        BasketImport.Summary summary = BasketImport.tafengJson(json, out);

        // THEN both users are skipped and orders.csv holds its header alone
        assertEquals(2, summary.usersSkipped());
        assertEquals(List.of(InstacartTable.ORDERS.headerLine()), Files.readAllLines(out.resolve("orders.csv")));
        assertTrue(Files.readAllLines(out.resolve("products.csv")).size() == 1, "no products of imported users");
    }
}
