package dev.replenish.core.featurestore;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderHistoryTest {

    @Test
    void ordersRoundTripLatestFirstWithTheirTimingAndProductsInCartOrder() {
        // GIVEN a user's latest order, one before it, and the user's first order (no days since a prior one)
        OrderHistory history = new OrderHistory(7, List.of(
                new PastOrder(3_421_083L, 11, 6, 23, 30.0, new long[]{49_688L, 1L, 24_852L}),
                new PastOrder(2_539_329L, 10, 0, 0, 0.0, new long[]{196L}),
                new PastOrder(1_000L, 1, 2, 8, null, new long[]{13_176L, 196L})));
        // WHEN packed and unpacked
        OrderHistory back = OrderHistory.unpack(7, history.pack());
        // THEN the same orders come back in the same order, products in the order they were given
        assertEquals(history.orders(), back.orders());
        assertEquals(7, back.userId());
        assertArrayEquals(new long[]{49_688L, 1L, 24_852L}, back.orders().get(0).productIds());
        assertEquals(List.of(3_421_083L, 2_539_329L, 1_000L), back.orders().stream().map(PastOrder::orderId).toList());
        // AND a first order's unknown days stay unknown, while a zero-day gap stays 0 (not unknown)
        assertNull(back.orders().get(2).daysSincePriorOrder());
        assertEquals(0.0, back.orders().get(1).daysSincePriorOrder());
        assertEquals(0, back.orders().get(1).dayOfWeek());
        assertEquals(0, back.orders().get(1).hourOfDay());
    }

    @Test
    void aSourceWithoutTimingKeepsEveryTimingValueUnknown() {
        // GIVEN a TaFeng-like order: no day, no hour, no days since the prior order
        OrderHistory history = new OrderHistory(1, List.of(new PastOrder(5L, 2, null, null, null, new long[]{9L})));
        // WHEN packed and unpacked
        PastOrder back = OrderHistory.unpack(1, history.pack()).orders().get(0);
        // THEN all three are null, and the rest is intact
        assertNull(back.dayOfWeek());
        assertNull(back.hourOfDay());
        assertNull(back.daysSincePriorOrder());
        assertEquals(history.orders().get(0), back);
    }

    @Test
    void idsUpToTheLargestLongAndLargeOrderNumbersRoundTrip() {
        // GIVEN ids far beyond Instacart's (a retailer's 64-bit keys) and the largest order number
        long[] products = {Long.MAX_VALUE, 1L << 35, 0L, 127L, 128L, 16_383L, 16_384L};
        OrderHistory history = new OrderHistory(Long.MAX_VALUE, List.of(
                new PastOrder(Long.MAX_VALUE, Integer.MAX_VALUE, 6, 23, 365.0, products)));
        // WHEN packed and unpacked
        OrderHistory back = OrderHistory.unpack(Long.MAX_VALUE, history.pack());
        // THEN every id and number is exact, at each varint length boundary too
        assertEquals(Long.MAX_VALUE, back.orders().get(0).orderId());
        assertEquals(Integer.MAX_VALUE, back.orders().get(0).orderNumber());
        assertArrayEquals(products, back.orders().get(0).productIds());
    }

    @Test
    void daysAreKeptAtFloat32PrecisionWholeAndHalfDaysExactly() {
        // GIVEN gaps of whole, half and a third of a day
        OrderHistory history = new OrderHistory(2, List.of(
                new PastOrder(1L, 3, 1, 1, 14.0, new long[]{1L}),
                new PastOrder(2L, 2, 1, 1, 0.5, new long[]{1L}),
                new PastOrder(3L, 1, 1, 1, 1.0 / 3, new long[]{1L})));
        // WHEN packed and unpacked
        List<PastOrder> back = OrderHistory.unpack(2, history.pack()).orders();
        // THEN whole and half days are exact; a third comes back as the float32 nearest to it
        assertEquals(14.0, back.get(0).daysSincePriorOrder());
        assertEquals(0.5, back.get(1).daysSincePriorOrder());
        assertEquals((double) (float) (1.0 / 3), back.get(2).daysSincePriorOrder());
    }

    @Test
    void anEmptyHistoryAndAnOrderWithoutProductsRoundTrip() {
        // GIVEN no orders at all, and a history holding an order whose lines were all rejected
        OrderHistory none = OrderHistory.none(3);
        OrderHistory emptyOrder = new OrderHistory(3, List.of(new PastOrder(8L, 4, 1, 9, 7.0, new long[0])));
        // WHEN packed and unpacked
        // THEN no orders pack to no bytes, and the empty order comes back empty
        assertEquals(0, none.pack().length);
        assertEquals(List.of(), OrderHistory.unpack(3, none.pack()).orders());
        assertEquals(emptyOrder.orders(), OrderHistory.unpack(3, emptyOrder.pack()).orders());
        assertEquals(0, OrderHistory.unpack(3, emptyOrder.pack()).orders().get(0).productIds().length);
    }

    @Test
    void tenInstacartSizedOrdersPackInAFewHundredBytes() {
        // GIVEN ten orders of ten products, with ids of Instacart's size (3.4 M orders, 49,688 products)
        List<PastOrder> orders = new ArrayList<>();
        for (int o = 0; o < OrderHistory.KEPT; o++) {
            long[] products = new long[10];
            Arrays.setAll(products, p -> 49_000L + p);
            orders.add(new PastOrder(3_400_000L + o, 100 - o, o % 7, 10 + o, 7.0, products));
        }
        // WHEN packed
        int bytes = new OrderHistory(1, orders).pack().length;
        // THEN it stays under 50 bytes an order (a DynamoDB list of maps would take several KB)
        assertTrue(bytes <= OrderHistory.KEPT * 50, bytes + " bytes");
    }

    @Test
    void aTruncatedValueIsAnErrorNamingTheUser() {
        // GIVEN a valid history cut short by one byte
        byte[] packed = new OrderHistory(42, List.of(new PastOrder(10L, 1, 1, 1, 1.0, new long[]{5L, 6L}))).pack();
        byte[] cut = Arrays.copyOf(packed, packed.length - 1);
        // WHEN it is unpacked
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> OrderHistory.unpack(42, cut));
        // THEN the error names the user and what the value is not
        assertTrue(error.getMessage().contains("user 42"), error.getMessage());
        assertTrue(error.getMessage().contains("not a packed order history"), error.getMessage());
    }

    @Test
    void bytesThatAreNoHistoryAreAnErrorNamingTheUserNotAWrongHistory() {
        // GIVEN a varint that never ends, and a product count larger than the bytes that follow
        byte[] endless = new byte[12];
        Arrays.fill(endless, (byte) 0x80);
        byte[] tooMany = {1, 1, 1, 1, 0, 0, (byte) 0xC0, 0x7F, 120, 1, 2};
        // WHEN each is unpacked THEN each is an IllegalArgumentException naming the user
        for (byte[] bad : List.of(endless, tooMany)) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> OrderHistory.unpack(99, bad));
            assertTrue(error.getMessage().contains("user 99"), error.getMessage());
        }
    }

    @Test
    void aNegativeIdCannotBePacked() {
        // GIVEN an order with a negative product id (no source has one; the varints hold non-negative numbers)
        OrderHistory history = new OrderHistory(1, List.of(new PastOrder(1L, 1, null, null, null, new long[]{-5L})));
        // WHEN packed THEN it is refused, naming the value
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, history::pack);
        assertTrue(error.getMessage().contains("-5"), error.getMessage());
    }
}
