package dev.replenish.core.featurestore;

import java.util.Arrays;

/**
 * One of a user's past (prior) orders, as the orders route shows it.
 *
 * @param orderId             the order
 * @param orderNumber         its place in the user's history (1 is the first order)
 * @param dayOfWeek           0-6, or null when the source has no timing
 * @param hourOfDay           0-23, or null when the source has no timing
 * @param daysSincePriorOrder days since the user's order before it; null on a first order and when
 *                            the source has no timing
 * @param productIds          the products, in the order they were added to the cart
 */
public record PastOrder(long orderId, int orderNumber, Integer dayOfWeek, Integer hourOfDay, Double daysSincePriorOrder,
                        long[] productIds) {

    @Override
    public boolean equals(Object o) {
        return o instanceof PastOrder other && orderId == other.orderId && orderNumber == other.orderNumber
                && java.util.Objects.equals(dayOfWeek, other.dayOfWeek) && java.util.Objects.equals(hourOfDay, other.hourOfDay)
                && java.util.Objects.equals(daysSincePriorOrder, other.daysSincePriorOrder)
                && Arrays.equals(productIds, other.productIds);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(orderId) * 31 + Arrays.hashCode(productIds);
    }

    @Override
    public String toString() {
        return "PastOrder[" + orderId + " #" + orderNumber + ", " + productIds.length + " products]";
    }
}
