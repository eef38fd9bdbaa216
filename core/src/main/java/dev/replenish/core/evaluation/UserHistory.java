package dev.replenish.core.evaluation;

import java.util.List;
import java.util.Map;

/**
 * What the frequency baselines know of a user: their prior orders, summarised.
 *
 * @param userId      the user
 * @param lastOrder   the products of the user's last prior order (repeat_last_order predicts them)
 * @param byFrequency the user's products, most often bought first; ties broken by the more recent
 *                    last purchase, then by product id, so the ranking is deterministic
 * @param basketSize  k of the top-k baselines: the user's mean number of re-ordered products per
 *                    prior order, rounded, counting orders after the first (a first order cannot
 *                    hold a re-order). It is the size of basket the user's own history suggests
 *                    for a Kaggle-F1 target made of re-orders; 0 means predict "None".
 * @param purchases   prior orders holding each product (the user-KNN baseline's vector); a product
 *                    missing here counts once
 */
public record UserHistory(long userId, List<Long> lastOrder, List<Long> byFrequency, int basketSize,
                          Map<Long, Long> purchases) {

    public UserHistory(long userId, List<Long> lastOrder, List<Long> byFrequency, int basketSize) {
        this(userId, lastOrder, byFrequency, basketSize, Map.of());
    }

    /** Prior orders of the user holding the product (1 when not counted). */
    public long timesBought(long productId) {
        return purchases.getOrDefault(productId, 1L);
    }

    public UserHistory {
        lastOrder = List.copyOf(lastOrder);
        byFrequency = List.copyOf(byFrequency);
        purchases = Map.copyOf(purchases);
        if (basketSize < 0) {
            throw new IllegalArgumentException("user " + userId + ": basket size " + basketSize + " is negative");
        }
    }

    /** The basket size from the mean re-orders per order (after the first); none known means 0. */
    public static int basketSizeFromMeanReorders(double meanReordersPerOrder) {
        return Double.isNaN(meanReordersPerOrder) ? 0 : (int) Math.round(meanReordersPerOrder);
    }
}
