package dev.replenish.sql.curate;

import dev.replenish.core.contract.InstacartTable;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
