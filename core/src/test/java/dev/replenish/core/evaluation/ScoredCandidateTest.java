package dev.replenish.core.evaluation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoredCandidateTest {

    @Test
    void rowsInAnyOrderBecomeOneOrderEachWithCandidatesByProductId() {
        // GIVEN the rows of two orders interleaved, as two transform output files may hold them
        List<ScoredCandidate> rows = List.of(
                new ScoredCandidate(7, 30, 900, 0.4, false),
                new ScoredCandidate(5, 12, 800, 0.9, true),
                new ScoredCandidate(7, 10, 900, 0.2, true),
                new ScoredCandidate(5, 11, 800, 0.1, false));
        // WHEN they are grouped
        List<ValidationOrder> orders = ScoredCandidate.group(rows);
        // THEN order 800 (user 5) comes first with products 11, 12 and their own scores and labels
        assertEquals(2, orders.size());
        ValidationOrder first = orders.get(0);
        assertEquals(800, first.orderId());
        assertEquals(5, first.userId());
        assertArrayEquals(new long[]{11, 12}, first.productIds());
        assertArrayEquals(new double[]{0.1, 0.9}, first.probabilities());
        assertArrayEquals(new boolean[]{false, true}, first.reordered());
        assertArrayEquals(new long[]{10, 30}, orders.get(1).productIds());
        assertArrayEquals(new double[]{0.2, 0.4}, orders.get(1).probabilities());
    }

    @Test
    void anOrderWithTwoUsersOrADuplicateProductIsRefused() {
        // GIVEN an order whose rows name two users THEN grouping fails naming the order and both users
        IllegalArgumentException twoUsers = assertThrows(IllegalArgumentException.class, () -> ScoredCandidate.group(List.of(
                new ScoredCandidate(1, 10, 100, 0.5, true), new ScoredCandidate(2, 11, 100, 0.5, false))));
        assertTrue(twoUsers.getMessage().contains("order 100 has rows of users 1 and 2"), twoUsers.getMessage());
        // GIVEN a product scored twice in one order (a transform retried into the same prefix, say) THEN it fails
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> ScoredCandidate.group(List.of(
                new ScoredCandidate(1, 10, 100, 0.5, true), new ScoredCandidate(1, 10, 100, 0.5, true))));
        assertTrue(twice.getMessage().contains("product 10 twice"), twice.getMessage());
    }
}
