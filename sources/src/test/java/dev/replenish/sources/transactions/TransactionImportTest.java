package dev.replenish.sources.transactions;

import dev.replenish.sources.instacart.InstacartFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small invoice-lines export in UCI Online Retail's shape, its outcome worked out by hand:
 * <pre>
 * row  1 536365  85123A  customer 17850  12/1/2010 8:26   -> 17850 basket 1
 * row  2 536365  71053   17850                            -> 17850 basket 1
 * row  3 536365  71053   17850 (again)                    -> merged
 * row  4 536365  POST    17850                            -> excluded code
 * row  5 C536379 71053   17850  quantity -1               -> cancellation (before return)
 * row  6 536380  85123A  17850  quantity -2               -> return
 * row  7 536381  71053   17850  12/5/2010 14:30           -> 17850 basket 2 (train): Sunday, 14 h, 4 days later
 * row  8 536382  22752   no customer                      -> no customer
 * row  9 536383  22633   13047  1/20/2011 9:00            -> 13047 basket 1 (Thursday)
 * row 10 536384  22633   13047  3/1/2011 9:00             -> 13047 basket 2 (Tuesday, 40 days later: capped at 30)
 * row 11 536384  85123A  13047                            -> 13047 basket 2
 * row 12 536386  22752   12345  12/2/2010 11:00           -> 12345 has one basket
 * row 13 536386  M       12345                            -> excluded code
 * row 14 536387  22752   12345  "not a date"              -> unparsable time
 * row 15 536388  (none)  12345                            -> no product
 * </pre>
 * Users by source id: 13047 -> 1, 17850 -> 2. Products: 22633 -> 1, 71053 -> 2, 85123A -> 3.
 */
class TransactionImportTest {

    static final String INVOICES = """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            536365,85123A,"WHITE HANGING HEART, T-LIGHT",6,12/1/2010 8:26,2.55,17850,United Kingdom
            536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom
            536365,71053,WHITE METAL LANTERN,2,12/1/2010 8:26,3.39,17850,United Kingdom
            536365,POST,POSTAGE,1,12/1/2010 8:26,18,17850,United Kingdom
            C536379,71053,WHITE METAL LANTERN,-1,12/1/2010 9:41,3.39,17850,United Kingdom
            536380,85123A,"WHITE HANGING HEART, T-LIGHT",-2,12/3/2010 10:00,2.55,17850,United Kingdom
            536381,71053,WHITE METAL LANTERN,4,12/5/2010 14:30,3.39,17850,United Kingdom
            536382,22752,SET 7 BABUSHKA NESTING BOXES,2,12/5/2010 14:30,7.65,,United Kingdom
            536383,22633,Crème brûlée dish ☕,3,1/20/2011 9:00,1.85,13047,France
            536384,22633,Crème brûlée dish ☕,1,3/1/2011 9:00,1.85,13047,France
            536384,85123A,"WHITE HANGING HEART, T-LIGHT",1,3/1/2011 9:00,2.55,13047,France
            536386,22752,SET 7 BABUSHKA NESTING BOXES,1,12/2/2010 11:00,7.65,12345,United Kingdom
            536386,M,Manual,1,12/2/2010 11:00,1,12345,United Kingdom
            536387,22752,SET 7 BABUSHKA NESTING BOXES,1,not a date,7.65,12345,United Kingdom
            536388,,,1,12/2/2010 11:00,1,12345,United Kingdom
            """;

    static final TransactionColumns UCI = new TransactionColumns("CustomerID", "StockCode", "InvoiceDate", null,
            "InvoiceNo", "Quantity", "Description", null, null);

    @TempDir
    Path dir;

    static ImportSettings uciSettings() {
        return ImportSettings.of(UCI).withCancelledPrefix("C").withExcludeProducts("POST|M|D|BANK CHARGES");
    }

    @Test
    void everyRowIsImportedMergedOrRejectedForOneReasonAndTheCountsAddUp() throws Exception {
        // GIVEN the invoice lines above
        Path input = write("online_retail.csv", INVOICES);

        // WHEN they are imported
        ImportReport report = TransactionImport.run(input, dir.resolve("out"), uciSettings());

        // THEN each row is counted once, under the outcome worked out by hand, and the counts add up to the rows read
        assertEquals(15, report.rowsRead());
        assertEquals(6, report.imported());
        assertEquals(1, report.merged());
        assertEquals(Map.of(Rejection.NO_CUSTOMER, 1L, Rejection.NO_PRODUCT, 1L, Rejection.UNPARSABLE_TIME, 1L,
                Rejection.CANCELLATION, 1L, Rejection.EXCLUDED_CODE, 2L, Rejection.RETURN, 1L, Rejection.ONE_BASKET, 1L),
                report.rejected());
        assertEquals(report.rowsRead(), report.imported() + report.merged() + report.rejectedTotal());
        // AND the unparsable time is named by row, value and expected format
        assertEquals(List.of("row 14: time 'not a date' is not M/d/yyyy H:mm"), report.badTimes());
        // AND the report is written next to the files, with the same counts
        String json = Files.readString(dir.resolve("out").resolve(ImportReport.FILE_NAME));
        assertTrue(json.contains("\"rowsRead\" : 15") && json.contains("\"CANCELLATION\" : 1"), json);
    }

    @Test
    void ordersFollowEachCustomersTimeWithTheLastBasketAsTrainAndDaysCappedAt30() throws Exception {
        // GIVEN the invoice lines above
        Path input = write("online_retail.csv", INVOICES);

        // WHEN they are imported
        Path out = dir.resolve("out");
        TransactionImport.run(input, out, uciSettings());

        // THEN each user's orders are numbered in time order, weekday (0 = Sunday) and hour from the time,
        // days since the prior order in whole days, capped at 30; the last order is the train order
        try (InstacartFiles files = InstacartFiles.at(out)) {
            assertEquals(List.of(
                            List.of("1", "1", "prior", "4", "9", ""),
                            List.of("1", "2", "train", "2", "9", "30.0"),
                            List.of("2", "1", "prior", "3", "8", ""),
                            List.of("2", "2", "train", "0", "14", "4.0")),
                    files.rows("SELECT user_id, order_number, eval_set, COALESCE(CAST(order_dow AS VARCHAR), ''),"
                            + " COALESCE(CAST(order_hour_of_day AS VARCHAR), ''),"
                            + " COALESCE(CAST(days_since_prior_order AS VARCHAR), '') FROM {orders} ORDER BY 1, 2"));
            // AND the lines keep the basket's order, the duplicate merged, reordered from the user's history
            assertEquals(List.of(
                            List.of("1", "1", "1", "1", "0"),
                            List.of("1", "2", "1", "1", "1"),
                            List.of("1", "2", "3", "2", "0"),
                            List.of("2", "1", "3", "1", "0"),
                            List.of("2", "1", "2", "2", "0"),
                            List.of("2", "2", "2", "1", "1")),
                    files.rows("SELECT o.user_id, o.order_number, l.product_id, l.add_to_cart_order, l.reordered FROM {orders} o"
                            + " JOIN (SELECT * FROM {order_products_prior} UNION ALL SELECT * FROM {order_products_train}) l"
                            + " USING (order_id) ORDER BY 1, 2, 4"));
            // AND products keep their names, non-ASCII and commas included, in the one unknown aisle and department
            assertEquals(List.of(
                            List.of("1", "Crème brûlée dish ☕", "1", "1"),
                            List.of("2", "WHITE METAL LANTERN", "1", "1"),
                            List.of("3", "WHITE HANGING HEART, T-LIGHT", "1", "1")),
                    files.rows("SELECT product_id, product_name, aisle_id, department_id FROM {products} ORDER BY 1"));
            assertEquals(List.of(List.of("1", "unknown")), files.rows("SELECT * FROM {aisles}"));
            assertEquals(List.of(List.of("1", "unknown")), files.rows("SELECT * FROM {departments}"));
        }
        // AND the id maps say which source id became which Instacart id
        assertEquals(List.of("source_customer_id,user_id", "13047,1", "17850,2"),
                Files.readAllLines(out.resolve(TransactionImport.CUSTOMER_IDS)));
        assertEquals(List.of("source_product_id,product_id", "22633,1", "71053,2", "85123A,3"),
                Files.readAllLines(out.resolve(TransactionImport.PRODUCT_IDS)));
    }

    @Test
    void gzippedCsvIsReadLikeThePlainFile() throws Exception {
        // GIVEN the same invoice lines, gzipped
        Path input = dir.resolve("online_retail.csv.gz");
        try (var gzip = new java.util.zip.GZIPOutputStream(Files.newOutputStream(input))) {
            gzip.write(INVOICES.getBytes(StandardCharsets.UTF_8));
        }

        // WHEN they are imported
        ImportReport report = TransactionImport.run(input, dir.resolve("out"), uciSettings());

        // THEN the outcome is the plain file's
        assertEquals(15, report.rowsRead());
        assertEquals(6, report.imported());
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
