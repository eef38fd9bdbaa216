package dev.replenish.sources.instacart;

import dev.replenish.core.contract.EvalSet;
import dev.replenish.core.contract.InstacartTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InstacartCsvWriterTest {

    @TempDir
    Path dir;

    @Test
    void everyFileStartsWithTheContractsHeader() throws Exception {
        // GIVEN a writer that is given no rows
        // WHEN it is closed
        InstacartCsvWriter.create(dir).close();

        // THEN each of the six files holds exactly its header line from the contract
        for (InstacartTable table : InstacartTable.values()) {
            assertEquals(List.of(table.headerLine()), Files.readAllLines(dir.resolve(table.fileName())), table.fileName());
        }
    }

    @Test
    void productNamesAreQuotedOnlyWhenNeededAndRoundTripThroughDuckDb() throws Exception {
        // GIVEN product names with a comma, with double quotes, with both, and a plain one
        List<String> names = List.of("Sparkling Water, Grapefruit", "Mama's \"Famous\" Salsa",
                "Cookies, \"Family\" Size", "Organic Bananas");
        InstacartRows rows = new InstacartRows();
        for (int i = 0; i < names.size(); i++) {
            rows.product(i + 1, names.get(i), 3, 7);
        }

        // WHEN they are written
        try (InstacartCsvWriter writer = InstacartCsvWriter.create(dir)) {
            writer.write(rows);
        }

        // THEN the file spells them as Kaggle does: quotes only around names that need them, inner quotes doubled
        List<String> lines = Files.readAllLines(dir.resolve("products.csv"), StandardCharsets.UTF_8);
        assertEquals("1,\"Sparkling Water, Grapefruit\",3,7", lines.get(1));
        assertEquals("2,\"Mama's \"\"Famous\"\" Salsa\",3,7", lines.get(2));
        assertEquals("3,\"Cookies, \"\"Family\"\" Size\",3,7", lines.get(3));
        assertEquals("4,Organic Bananas,3,7", lines.get(4));
        // AND an independent CSV reader gets the original names back
        try (InstacartFiles files = InstacartFiles.at(dir)) {
            List<List<String>> read = files.rows("SELECT product_name FROM {products} ORDER BY product_id");
            assertEquals(names, read.stream().map(row -> row.get(0)).toList());
        }
    }

    @Test
    void daysSincePriorOrderIsAFloatAndEmptyOnTheFirstOrder() throws Exception {
        // GIVEN a user's first and second order, an order from a source without dates, and one from a source with dates but no hours
        InstacartRows rows = new InstacartRows();
        rows.order(17, 1, EvalSet.PRIOR, 1, 2, 8, InstacartRows.FIRST_ORDER);
        rows.order(5, 1, EvalSet.TRAIN, 2, 3, 9, 7);
        rows.order(9, 2, EvalSet.PRIOR, 1, InstacartRows.NOT_KNOWN, InstacartRows.NOT_KNOWN, InstacartRows.FIRST_ORDER);
        rows.order(4, 2, EvalSet.TRAIN, 2, 6, InstacartRows.NOT_KNOWN, 30);

        // WHEN they are written
        try (InstacartCsvWriter writer = InstacartCsvWriter.create(dir)) {
            writer.write(rows);
        }

        // THEN days_since_prior_order is empty on the first order, "7.0" on the next; the dateless order has three
        // empty fields, the hourless one an empty hour only
        List<String> lines = Files.readAllLines(dir.resolve("orders.csv"));
        assertEquals(List.of(InstacartTable.ORDERS.headerLine(), "17,1,prior,1,2,8,", "5,1,train,2,3,9,7.0", "9,2,prior,1,,,",
                "4,2,train,2,6,,30.0"), lines);
    }

    @Test
    void orderLinesGoToTheFileOfTheirEvalSetAndTestOrdersHaveNone() throws Exception {
        // GIVEN a prior line and a train line
        InstacartRows rows = new InstacartRows();
        rows.orderLine(EvalSet.PRIOR, 10, 20, 1, false);
        rows.orderLine(EvalSet.TRAIN, 11, 20, 1, true);

        // WHEN they are written
        try (InstacartCsvWriter writer = InstacartCsvWriter.create(dir)) {
            writer.write(rows);
            // THEN the writer counts one row in each lines file
            assertEquals(1, writer.rowsWritten(InstacartTable.ORDER_PRODUCTS_PRIOR));
            assertEquals(1, writer.rowsWritten(InstacartTable.ORDER_PRODUCTS_TRAIN));
        }
        // AND each line is in its own file, reordered as 0/1
        assertEquals("10,20,1,0", Files.readAllLines(dir.resolve("order_products__prior.csv")).get(1));
        assertEquals("11,20,1,1", Files.readAllLines(dir.resolve("order_products__train.csv")).get(1));
        // AND a line for a test order is refused: its basket is what is to be predicted
        assertThrows(IllegalArgumentException.class, () -> rows.orderLine(EvalSet.TEST, 12, 20, 1, false));
    }
}
