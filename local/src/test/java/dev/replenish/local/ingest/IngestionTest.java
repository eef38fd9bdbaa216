package dev.replenish.local.ingest;

import dev.replenish.core.config.ReplenishConfig;
import dev.replenish.core.contract.InstacartTable;
import dev.replenish.core.pipeline.PipelineStep;
import dev.replenish.local.UserError;
import dev.replenish.local.pipeline.LocalPipeline;
import dev.replenish.local.pipeline.StepContext;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Catalog and curate against real DuckDB, on hand-written files with one defect each. */
class IngestionTest {

    @TempDir
    Path temp;

    private Path lake() {
        return temp.resolve("work");
    }

    private void ingest(RawFixture fixture) throws Exception {
        ingest(fixture, ReplenishConfig.defaults());
    }

    private void ingest(RawFixture fixture, ReplenishConfig config) throws Exception {
        Path raw = fixture.writeTo(temp.resolve("raw"));
        StepContext context = new StepContext(raw, lake(), "test-run", config,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        LocalPipeline.standard().run(context, PipelineStep.CATALOG, PipelineStep.CURATE);
    }

    private static ReplenishConfig tolerant() {
        return ReplenishConfig.defaults().withIngest(new ReplenishConfig.Ingest(1.0, 65_536));
    }

    /** Rows of a query over the lake's Parquet, each row's columns joined with '|'. */
    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql.replace("LAKE", lake().toString()))) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    private List<String> rejects(InstacartTable table) throws SQLException {
        return rows("SELECT source_file, source_line, reject_rule FROM 'LAKE/rejects/" + table.tableName()
                + "/*.parquet' ORDER BY source_line");
    }

    private long count(String prefix, InstacartTable table) throws SQLException {
        return Long.parseLong(rows("SELECT count(*) FROM 'LAKE/" + prefix + "/" + table.tableName() + "/*.parquet'").get(0));
    }

    @Test
    void aValidDataSetIsCuratedWithTypedColumnsAndNoRejects() throws Exception {
        // GIVEN the valid fixture
        // WHEN catalog and curate run
        ingest(new RawFixture());
        // THEN orders are typed: an empty first-order gap is NULL, "7.0" is a number
        assertEquals(List.of("10|1|prior|1|null", "11|1|prior|2|7.0", "12|1|train|3|30.0", "20|2|prior|1|null", "21|2|test|2|14.0"),
                rows("SELECT order_id, user_id, eval_set, order_number, days_since_prior_order FROM 'LAKE/curated/orders/*.parquet' ORDER BY order_id"));
        assertEquals(List.of("BIGINT", "BIGINT", "VARCHAR", "INTEGER", "INTEGER", "INTEGER", "DOUBLE"),
                rows("SELECT column_type FROM (DESCRIBE SELECT * FROM 'LAKE/curated/orders/*.parquet')"));
        // AND the quoted product name keeps its comma and quotes
        assertEquals(List.of("Yogurt, Greek \"Plain\""),
                rows("SELECT product_name FROM 'LAKE/curated/products/*.parquet' WHERE product_id = 2"));
        // AND nothing was rejected
        for (InstacartTable table : InstacartTable.values()) {
            assertEquals(0, count("rejects", table), table.tableName());
        }
    }

    @Test
    void aMissingFileStopsTheRunNamingTheFile() {
        // GIVEN no products.csv
        // WHEN ingested THEN the error names the missing file
        UserError error = assertThrows(UserError.class, () -> ingest(new RawFixture().without(InstacartTable.PRODUCTS)));
        assertTrue(error.getMessage().contains("products.csv: missing"), error.getMessage());
    }

    @Test
    void anEmptyFileStopsTheRunNamingTheFileAndTheExpectedHeader() {
        // GIVEN an empty aisles.csv
        UserError error = assertThrows(UserError.class, () -> ingest(new RawFixture().with(InstacartTable.AISLES, "")));
        // THEN the error says it is empty and what header was expected
        assertTrue(error.getMessage().contains("aisles.csv: empty file; expected the header line 'aisle_id,aisle'"), error.getMessage());
    }

    @Test
    void aHeaderOnlyOrdersFileStopsTheRunButAHeaderOnlyTrainFileIsAllowed() throws Exception {
        // GIVEN orders.csv with only its header
        UserError error = assertThrows(UserError.class, () -> ingest(new RawFixture().with(InstacartTable.ORDERS,
                InstacartTable.ORDERS.headerLine() + "\n")));
        // THEN the run stops naming the file
        assertTrue(error.getMessage().contains("orders.csv: has a header but no rows"), error.getMessage());

        // GIVEN instead a data set whose users are all test users (no labels yet)
        ingest(new RawFixture().with(InstacartTable.ORDER_PRODUCTS_TRAIN, InstacartTable.ORDER_PRODUCTS_TRAIN.headerLine() + "\n"));
        // THEN it is curated with an empty train table
        assertEquals(0, count("curated", InstacartTable.ORDER_PRODUCTS_TRAIN));
    }

    @Test
    void aWrongHeaderStopsTheRunWithFoundAndExpected() {
        // GIVEN a header with a misspelt column
        UserError error = assertThrows(UserError.class, () -> ingest(new RawFixture().with(InstacartTable.AISLES,
                "aisle_id,aisle_name\n1,fresh fruits\n")));
        // THEN the error gives line 1, what was found and what was expected
        assertEquals("aisles.csv line 1: the header does not match the contract: found 'aisle_id,aisle_name', expected 'aisle_id,aisle'",
                error.getMessage().replaceFirst("^step 'catalog' failed: ", ""));
    }

    @Test
    void aHeaderWithAnExtraColumnStopsTheRunWithFoundAndExpected() {
        // GIVEN a header with a third column
        UserError error = assertThrows(UserError.class, () -> ingest(new RawFixture().with(InstacartTable.AISLES,
                "aisle_id,aisle,shelf\n1,fresh fruits,3\n")));
        // THEN the error gives line 1, the rule, what was found and what was expected
        assertEquals("aisles.csv line 1: the header does not match the contract (expected 2 columns, found 3):"
                        + " found 'aisle_id,aisle,shelf', expected 'aisle_id,aisle'",
                error.getMessage().replaceFirst("^step 'catalog' failed: ", ""));
    }

    @Test
    void aReorderedHeaderIsRefusedRatherThanReadPositionally() {
        // GIVEN the right columns in the wrong order: reading them by position would swap ids and names
        UserError error = assertThrows(UserError.class, () -> ingest(new RawFixture().with(InstacartTable.AISLES,
                "aisle,aisle_id\nfresh fruits,1\n")));
        // THEN the error says the order differs
        assertTrue(error.getMessage().contains("the columns are in a different order than the contract's"), error.getMessage());
    }

    @Test
    void aRowWithTheWrongColumnCountIsRejectedWithItsLine() throws Exception {
        // GIVEN an order line with three fields on line 6
        ingest(new RawFixture().plus(InstacartTable.ORDER_PRODUCTS_PRIOR, "11,3,2\n"), tolerant());
        // THEN it is rejected naming file, line and rule; the other rows are kept
        assertEquals(List.of("order_products__prior.csv|6|expected 4 columns, found 3"), rejects(InstacartTable.ORDER_PRODUCTS_PRIOR));
        assertEquals(4, count("curated", InstacartTable.ORDER_PRODUCTS_PRIOR));
    }

    @Test
    void nonNumericNegativeZeroAndOverflowingIdsAreRejected() throws Exception {
        // GIVEN orders with ids that are not positive 64-bit integers (lines 7-11)
        ingest(new RawFixture().plus(InstacartTable.ORDERS, "abc,3,prior,1,1,1,\n"
                + "-5,3,prior,1,1,1,\n"
                + "0,3,prior,1,1,1,\n"
                + "99999999999999999999,3,prior,1,1,1,\n"
                + "30,9223372036854775808,prior,1,1,1,\n"), tolerant());
        // THEN each is rejected on its line; the largest 64-bit value is the limit
        assertEquals(List.of(
                "orders.csv|7|order_id: not a positive 64-bit integer",
                "orders.csv|8|order_id: not a positive 64-bit integer",
                "orders.csv|9|order_id: not a positive 64-bit integer",
                "orders.csv|10|order_id: not a positive 64-bit integer",
                "orders.csv|11|user_id: not a positive 64-bit integer"), rejects(InstacartTable.ORDERS));
    }

    @Test
    void theLargest64BitIdIsAccepted() throws Exception {
        // GIVEN a product whose id is Long.MAX_VALUE
        ingest(new RawFixture().plus(InstacartTable.PRODUCTS, "9223372036854775807,Big Id,1,1\n"), tolerant());
        // THEN it is curated, not rejected
        assertEquals(List.of("Big Id"), rows("SELECT product_name FROM 'LAKE/curated/products/*.parquet' WHERE product_id = 9223372036854775807"));
    }

    @Test
    void anUnknownEvalSetIsRejected() throws Exception {
        // GIVEN an order whose eval_set is "validation" on line 7
        ingest(new RawFixture().plus(InstacartTable.ORDERS, "30,3,validation,1,1,1,\n"), tolerant());
        // THEN it is rejected with the rule that lists the allowed values
        assertEquals(List.of("orders.csv|7|eval_set: must be prior, train or test"), rejects(InstacartTable.ORDERS));
    }

    @Test
    void orderLinesWithoutAnAcceptedOrderOrWithAnUnknownProductAreRejected() throws Exception {
        // GIVEN a line for order 77 that does not exist, a line whose order (30) was itself rejected,
        // a line for an unknown product, and a prior line pointing at the train order
        ingest(new RawFixture()
                .plus(InstacartTable.ORDERS, "30,3,bogus,1,1,1,\n")
                .plus(InstacartTable.ORDER_PRODUCTS_PRIOR, "77,1,1,0\n30,1,1,0\n11,999,2,0\n12,2,3,0\n"), tolerant());
        // THEN each is rejected with its reference rule
        assertEquals(List.of(
                "order_products__prior.csv|6|order_id: no such order in orders.csv",
                "order_products__prior.csv|7|order_id: no such order in orders.csv",
                "order_products__prior.csv|8|product_id: no such product in products.csv",
                "order_products__prior.csv|9|order_id: not a prior order"), rejects(InstacartTable.ORDER_PRODUCTS_PRIOR));
    }

    @Test
    void aDuplicateOrderIdKeepsTheRowFirstInTextOrderAndRejectsTheRest() throws Exception {
        // GIVEN order 10 again on line 7, for another user
        ingest(new RawFixture().plus(InstacartTable.ORDERS, "10,3,prior,1,1,1,\n"), tolerant());
        // THEN line 7 is rejected and user 1's order 10 ("10,1,..." sorts before "10,3,...") stays
        assertEquals(List.of("orders.csv|7|order_id: duplicate (the row first in text order is kept)"), rejects(InstacartTable.ORDERS));
        assertEquals(List.of("1"), rows("SELECT user_id FROM 'LAKE/curated/orders/*.parquet' WHERE order_id = 10"));
    }

    @Test
    void aDuplicateThatFollowsAnInvalidFirstRowIsKept() throws Exception {
        // GIVEN order 30 first with a bad eval_set (line 7) then valid (line 8)
        ingest(new RawFixture().plus(InstacartTable.ORDERS, "30,3,bogus,1,1,1,\n30,3,prior,1,1,1,\n"), tolerant());
        // THEN only the invalid row is rejected: the valid one is the first valid occurrence
        assertEquals(List.of("orders.csv|7|eval_set: must be prior, train or test"), rejects(InstacartTable.ORDERS));
    }

    @Test
    void aByteOrderMarkAndCrlfLineEndingsAreReadAsTheSameData() throws Exception {
        // GIVEN departments.csv and orders.csv saved with a UTF-8 BOM and CRLF line endings
        RawFixture plain = new RawFixture();
        String crlfOrders = "\uFEFF" + InstacartTable.ORDERS.headerLine() + "\r\n10,1,prior,1,2,8,\r\n11,1,prior,2,3,9,7.0\r\n"
                + "12,1,train,3,4,10,30.0\r\n20,2,prior,1,0,23,\r\n21,2,test,2,6,0,14.0\r\n";
        ingest(plain.with(InstacartTable.ORDERS, crlfOrders)
                .with(InstacartTable.DEPARTMENTS, "\uFEFFdepartment_id,department\r\n1,produce\r\n2,dairy eggs\r\n"));
        // THEN the header is recognised, values carry no carriage return, and nothing is rejected
        assertEquals(List.of("produce", "dairy eggs"), rows("SELECT department FROM 'LAKE/curated/departments/*.parquet' ORDER BY department_id"));
        assertEquals(List.of("14.0"), rows("SELECT days_since_prior_order FROM 'LAKE/curated/orders/*.parquet' WHERE order_id = 21"));
        assertEquals(0, count("rejects", InstacartTable.ORDERS));
    }

    @Test
    void aOneMegabyteFieldIsRejectedAndTheLinesAfterItKeepTheirNumbers() throws Exception {
        // GIVEN a 1 MB product name on line 5 and a valid product after it on line 6
        String huge = "x".repeat(1 << 20);
        ingest(new RawFixture().plus(InstacartTable.PRODUCTS, "4," + huge + ",1,1\n5,Lemons,1,1\n"), tolerant());
        // THEN the huge row is a counted reject naming the limit, and line 6 is curated
        assertEquals(List.of("products.csv|5|field 2 is longer than 65536 characters"), rejects(InstacartTable.PRODUCTS));
        assertEquals(List.of("Lemons"), rows("SELECT product_name FROM 'LAKE/curated/products/*.parquet' WHERE product_id = 5"));
    }

    @Test
    void aQuotedNameWithALineBreakShiftsTheLineNumbersOfLaterRejects() throws Exception {
        // GIVEN a product name spanning lines 5-6 and a product with a bad aisle on line 7
        ingest(new RawFixture().plus(InstacartTable.PRODUCTS, "4,\"Two\nLines\",1,1\n5,Lost,99,1\n"), tolerant());
        // THEN the reject names line 7, where an editor shows it
        assertEquals(List.of("products.csv|7|aisle_id: no such aisle in aisles.csv"), rejects(InstacartTable.PRODUCTS));
    }

    @Test
    void tooManyRejectsStopTheRunNamingTableAndCommonestRuleAndCurateNothingForIt() throws Exception {
        // GIVEN 3 of 7 order lines orphaned, with the default 1% limit
        UserError error = assertThrows(UserError.class, () -> ingest(new RawFixture()
                .plus(InstacartTable.ORDER_PRODUCTS_PRIOR, "77,1,1,0\n78,1,1,0\n11,3,1\n")));
        // THEN the message names the file, the share, the limit and the commonest rule
        assertTrue(error.getMessage().contains("order_products__prior.csv: 3 of 7 rows rejected (42.86%), above ingest.maxRejectFraction 1.00%;"
                + " commonest rule: 'order_id: no such order in orders.csv' (2 rows)"), error.getMessage());
        // AND that table's curated output is not left for a later step to trust, while its rejects are there to read
        assertFalse(Files.exists(lake().resolve("curated/order_products_prior")));
        assertEquals(3, count("rejects", InstacartTable.ORDER_PRODUCTS_PRIOR));
    }

    @Test
    void acceptedPlusRejectedEqualsInputForEveryTable() throws Exception {
        // GIVEN a file with a mix of defects in every table
        ingest(new RawFixture()
                .plus(InstacartTable.DEPARTMENTS, "1,duplicate\nx,bad\n")
                .plus(InstacartTable.AISLES, "3,\n")
                .plus(InstacartTable.PRODUCTS, "4,Orphan,9,9\n5,\"bad\"quote,1,1\n")
                .plus(InstacartTable.ORDERS, "30,3,prior,1,9,1,\n31,3,prior,2,1,25,\n32,3,prior,3,1,1,-1\n")
                .plus(InstacartTable.ORDER_PRODUCTS_PRIOR, "10,1,1,0\n10,3,0,0\n10,3,1,2\n")
                .plus(InstacartTable.ORDER_PRODUCTS_TRAIN, "21,1,1,0\n"), tolerant());
        // THEN for every table the report's counts add up, and match the Parquet written
        String report = Files.readString(lake().resolve("reports/test-run/curate.json"));
        for (InstacartTable table : InstacartTable.values()) {
            long accepted = count("curated", table);
            long rejected = count("rejects", table);
            long input = Long.parseLong(rows("SELECT records + broken FROM 'LAKE/catalog/" + table.tableName() + "/scan.json'").get(0));
            assertEquals(input, accepted + rejected, table.tableName());
            assertTrue(report.contains("\"table\" : \"" + table.tableName() + "\",\n  \"input\" : " + input
                    + ",\n  \"accepted\" : " + accepted + ",\n  \"rejected\" : " + rejected), table.tableName());
        }
        // AND each defect got its own rule
        assertEquals(List.of(
                "orders.csv|7|order_dow: must be empty or an integer 0-6",
                "orders.csv|8|order_hour_of_day: must be empty or an integer 0-23",
                "orders.csv|9|days_since_prior_order: must be empty or a number >= 0"), rejects(InstacartTable.ORDERS));
        assertEquals(List.of(
                "order_products__prior.csv|6|product_id: listed twice in this order (the row first in text order is kept)",
                "order_products__prior.csv|7|add_to_cart_order: not a positive integer",
                "order_products__prior.csv|8|reordered: must be 0 or 1"), rejects(InstacartTable.ORDER_PRODUCTS_PRIOR));
        assertEquals(List.of("order_products__train.csv|4|order_id: not a train order"), rejects(InstacartTable.ORDER_PRODUCTS_TRAIN));
    }

    @Test
    void anUnclosedQuoteInOrdersCostsOneLineAndEveryPhysicalLineIsCounted() throws Exception {
        // GIVEN the reproduction in small: a single quote at the start of line 3 of orders.csv,
        // in a file with no other quote, so that it would swallow every later line; and a stray quote before
        // the eval_set (text, which may hold a line break) of line 5, which runs into the field limit
        String orders = InstacartTable.ORDERS.headerLine() + "\n10,1,prior,1,2,8,\n\"11,1,prior,2,3,9,7.0\n"
                + "12,1,train,3,4,10,30.0\n20,2,\"prior,1,0,23,\n21,2,test,2,6,0,14.0\n";
        ingest(new RawFixture().with(InstacartTable.ORDERS, orders),
                ReplenishConfig.defaults().withIngest(new ReplenishConfig.Ingest(1.0, 24)));
        // THEN lines 3 and 5 alone are rejected with their rules, and the orders after them are curated
        assertEquals(List.of("orders.csv|3|quote opened in field 1 runs past the line end into a broken record:"
                        + " field 1 cannot hold a line break",
                "orders.csv|5|quote opened in field 3 runs past the line end into a broken record: field 3 is longer than 24 characters"),
                rejects(InstacartTable.ORDERS));
        assertEquals(List.of("10", "12", "21"), rows("SELECT order_id FROM 'LAKE/curated/orders/*.parquet' ORDER BY order_id"));
        // AND scan.json accounts for the 6 physical lines: header, 3 records, 2 broken
        assertEquals(List.of("6|1|3|2|0|0"), rows("SELECT physicalLines, headerLines, records, broken, blankLines, continuationLines"
                + " FROM 'LAKE/catalog/orders/scan.json'"));
        // AND the order lines of the rejected orders are orphans, not lost
        assertEquals(List.of("order_products__prior.csv|4|order_id: no such order in orders.csv",
                "order_products__prior.csv|5|order_id: no such order in orders.csv"), rejects(InstacartTable.ORDER_PRODUCTS_PRIOR));
    }

    @Test
    void aLegalMultiLineNameIsCuratedAndItsSecondLineCountedAsContinuation() throws Exception {
        // GIVEN a product name spanning lines 5-6, and a blank line 7
        ingest(new RawFixture().plus(InstacartTable.PRODUCTS, "4,\"Two\nLines\",1,1\n\n"));
        // THEN the product is curated with its line break
        assertEquals(List.of("Two\nLines"), rows("SELECT product_name FROM 'LAKE/curated/products/*.parquet' WHERE product_id = 4"));
        // AND scan.json has 7 lines = 1 header + 4 records + 0 broken + 1 blank + 1 continuation
        assertEquals(List.of("7|1|4|0|1|1"), rows("SELECT physicalLines, headerLines, records, broken, blankLines, continuationLines"
                + " FROM 'LAKE/catalog/products/scan.json'"));
    }

    @Test
    void orphansOverTheLimitNameTheOrdersRejectedUpstreamAndWhy() throws Exception {
        // GIVEN order 11 broken by a bad hour (line 3) and order 20 by a bad eval_set (line 5): their order lines
        // (2 of 4 prior lines) become orphans, over the default 1% limit, while orders.csv itself is allowed 40%
        String orders = InstacartTable.ORDERS.headerLine() + "\n10,1,prior,1,2,8,\n11,1,prior,2,3,99,7.0\n"
                + "12,1,train,3,4,10,30.0\n20,2,bogus,1,0,23,\n21,2,test,2,6,0,14.0\n";
        UserError error = assertThrows(UserError.class, () -> ingest(new RawFixture().with(InstacartTable.ORDERS, orders),
                ReplenishConfig.defaults().withIngest(new ReplenishConfig.Ingest(0.4, 65_536))));
        // THEN the message names the orphans, and how many orders were rejected upstream and for which rules
        assertTrue(error.getMessage().contains("order_products__prior.csv: 2 of 4 rows rejected (50.00%)"), error.getMessage());
        assertTrue(error.getMessage().contains("commonest rule: 'order_id: no such order in orders.csv' (2 rows)"), error.getMessage());
        assertTrue(error.getMessage().contains("These rows refer to orders.csv, where 2 rows were rejected upstream (commonest rules:"
                + " 'eval_set: must be prior, train or test' (1), 'order_hour_of_day: must be empty or an integer 0-23' (1))"
                + ": a rejected row there orphans every row here that refers to it, so fix orders.csv first"), error.getMessage());
    }

    @Test
    void aNulByteOrAByteOrderMarkInMidFileIsKeptSoAnIdHoldingOneIsRejectedAndANameKeepsIt() throws Exception {
        // GIVEN a product whose name holds a NUL byte (line 5), one whose id starts with a BOM (line 6, as when
        // two files saved with BOMs are concatenated), and a line ending in CRLF among LF lines (line 7)
        ingest(new RawFixture().plus(InstacartTable.PRODUCTS, "4,Nul\0Name,1,1\n\uFEFF5,Bom,1,1\n6,Crlf,1,1\r\n"), tolerant());
        // THEN the BOM line is rejected for its id, the NUL stays in the name, and the CRLF line is read as any other
        assertEquals(List.of("products.csv|6|product_id: not a positive 64-bit integer"), rejects(InstacartTable.PRODUCTS));
        assertEquals(List.of("4|Nul\0Name", "6|Crlf"), rows("SELECT product_id, product_name FROM 'LAKE/curated/products/*.parquet'"
                + " WHERE product_id >= 4 ORDER BY product_id"));
    }

    @Test
    void theRunSummaryShowsTheCatalogsPhysicalLines() throws Exception {
        // GIVEN the valid fixture (3 + 3 + 4 + 6 + 5 + 3 lines) with a blank line and a two-line name added to products.csv
        Path raw = new RawFixture().plus(InstacartTable.PRODUCTS, "\n4,\"Two\nLines\",1,1\n").writeTo(temp.resolve("raw"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        StepContext context = new StepContext(raw, lake(), "test-run", ReplenishConfig.defaults(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        // WHEN the catalog runs and the run is summarised
        LocalPipeline.standard().runAndSummarise(context, PipelineStep.CATALOG, PipelineStep.CATALOG);
        // THEN the summary's catalog row reads 27 lines (6 headers, 19 records, 1 blank line, 1 continuation line),
        // 19 rows in and out, none rejected
        String summary = printed.toString(StandardCharsets.UTF_8);
        assertTrue(summary.matches("(?s).*\\ncatalog +27 +19 +19 +0 .*"), summary);
        assertEquals(List.of("27"), rows("SELECT s.linesRead FROM (SELECT unnest(steps) AS s FROM 'LAKE/reports/test-run/run-summary.json')"));
    }
}
