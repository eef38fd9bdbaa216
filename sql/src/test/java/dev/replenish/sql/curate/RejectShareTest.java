package dev.replenish.sql.curate;

import dev.replenish.core.contract.InstacartTable;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RejectShareTest {

    @Test
    void aShareAboveTheLimitIsABreachNamingTheFileAndTheCommonestRule() {
        // GIVEN 90 accepted order rows and 10 rejected, 7 of them for a bad day of week
        RejectShare share = new RejectShare(InstacartTable.ORDERS, 90, List.of(
                new RejectShare.RuleCount("order_dow out of range", 7), new RejectShare.RuleCount("missing user_id", 3)));

        // WHEN checked against a 1 % limit THEN the message names file, counts, limit and the rule
        String message = share.breach(0.01).orElseThrow();
        assertEquals("orders.csv: 10 of 100 rows rejected (10.00%), above ingest.maxRejectFraction 1.00%; "
                + "commonest rule: 'order_dow out of range' (7 rows); the rejected rows are in table orders_checked", message);
    }

    @Test
    void aShareWithinTheLimitOrAnEmptyTableIsNoBreach() {
        // GIVEN 1 rejected row in 100, and a table with no rows at all
        RejectShare small = new RejectShare(InstacartTable.AISLES, 99, List.of(new RejectShare.RuleCount("bad id", 1)));
        RejectShare empty = new RejectShare(InstacartTable.AISLES, 0, List.of());

        // WHEN checked against 1 % THEN neither stops the run
        assertTrue(small.breach(0.01).isEmpty());
        assertTrue(empty.breach(0.0).isEmpty());
    }

    @Test
    void orphansAboveTheLimitNameTheRowsRejectedUpstreamThatTheyReferTo() {
        // GIVEN order lines mostly orphaned, orders.csv with 3 rejected rows, and products.csv with none
        RejectShare lines = new RejectShare(InstacartTable.ORDER_PRODUCTS_PRIOR, 90, List.of(
                new RejectShare.RuleCount("order_id: no such order in orders.csv", 9), new RejectShare.RuleCount("reordered: must be 0 or 1", 1)));
        RejectShare orders = new RejectShare(InstacartTable.ORDERS, 97, List.of(
                new RejectShare.RuleCount("bad line", 2), new RejectShare.RuleCount("bad hour", 1)));
        RejectShare products = new RejectShare(InstacartTable.PRODUCTS, 50, List.of());

        // WHEN checked against 1 % with the upstream shares
        String message = lines.breach(0.01, "rejects/", List.of(products, orders)).orElseThrow();

        // THEN it says how many orders were rejected and why, and to fix orders.csv first; products.csv is not named
        assertTrue(message.endsWith("the rejected rows are in rejects/. These rows refer to orders.csv, where 3 rows were rejected upstream"
                + " (commonest rules: 'bad line' (2), 'bad hour' (1)): a rejected row there orphans every row here that refers to it,"
                + " so fix orders.csv first"), message);
    }

    @Test
    void rejectsUpstreamAreNotNamedWhenTheCommonestRuleIsNotAReferenceToThem() {
        // GIVEN order lines mostly rejected for a bad flag, and orders.csv with rejects
        RejectShare lines = new RejectShare(InstacartTable.ORDER_PRODUCTS_PRIOR, 90, List.of(
                new RejectShare.RuleCount("reordered: must be 0 or 1", 10)));
        RejectShare orders = new RejectShare(InstacartTable.ORDERS, 97, List.of(new RejectShare.RuleCount("bad line", 3)));
        // WHEN checked THEN the message says nothing of orders.csv
        String message = lines.breach(0.01, "rejects/", List.of(orders)).orElseThrow();
        assertFalse(message.contains("orders.csv"), message);
    }
}
