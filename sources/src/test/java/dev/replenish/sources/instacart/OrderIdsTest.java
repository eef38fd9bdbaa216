package dev.replenish.sources.instacart;

import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderIdsTest {

    @Test
    void everyIdFromOneToTheOrderCountIsUsedExactlyOnce() {
        for (long count : new long[]{1, 2, 3, 17, 1_000, 65_537, 123_457}) {
            // GIVEN order ids for a number of orders (powers of two and odd sizes alike)
            OrderIds ids = new OrderIds(count, 42);
            BitSet used = new BitSet();

            // WHEN every index is mapped
            for (long index = 0; index < count; index++) {
                long id = ids.idOf(index);
                // THEN each id is within 1..count and new
                assertTrue(id >= 1 && id <= count, "id " + id + " of " + count);
                assertTrue(!used.get((int) id), "id " + id + " used twice for " + count + " orders");
                used.set((int) id);
            }
            assertEquals(count, used.cardinality());
        }
    }

    @Test
    void consecutiveOrdersDoNotGetConsecutiveIdsAndTheKeyChangesThePermutation() {
        // GIVEN two permutations of the same size with different keys
        OrderIds one = new OrderIds(100_000, 1);
        OrderIds other = new OrderIds(100_000, 2);

        // WHEN the first hundred indexes are mapped
        int consecutive = 0;
        int same = 0;
        for (long index = 0; index < 100; index++) {
            consecutive += one.idOf(index + 1) == one.idOf(index) + 1 ? 1 : 0;
            same += one.idOf(index) == other.idOf(index) ? 1 : 0;
        }

        // THEN neighbours are (almost) never consecutive ids, and the two keys disagree (almost) everywhere
        assertTrue(consecutive <= 2, consecutive + " consecutive ids");
        assertTrue(same <= 2, same + " equal ids");
        assertNotEquals(one.idOf(0), other.idOf(0));
    }

    @Test
    void anIndexOutsideTheOrdersIsRefused() {
        // GIVEN ids for 10 orders
        OrderIds ids = new OrderIds(10, 7);
        // WHEN / THEN index 10 (the eleventh order) or -1 is a programming error
        assertThrows(IllegalArgumentException.class, () -> ids.idOf(10));
        assertThrows(IllegalArgumentException.class, () -> ids.idOf(-1));
    }
}
