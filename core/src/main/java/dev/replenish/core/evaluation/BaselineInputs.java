package dev.replenish.core.evaluation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the frequency baselines need, built from the result rows of the queries in
 * {@code sql/evaluation/}: the local step reads them from DuckDB, the cloud's gate from the CSV the
 * Athena CTAS wrote. Both build the histories here, so the baselines cannot differ between them.
 */
public final class BaselineInputs {

    private BaselineInputs() {
    }

    /**
     * One row of user_product_history.sql.
     *
     * @param meanReordersPerOrder NaN when the user has no order after the first (SQL NULL)
     */
    public record UserProductPurchase(long userId, long productId, long timesBought, int lastBoughtOrderNumber,
                                      boolean inLastOrder, double meanReordersPerOrder) {
    }

    /** One row of product_popularity.sql. */
    public record ProductPopularity(long productId, long timesBought) {
    }

    /** One line of the join's evaluation-targets: a product of a validation order's target basket. */
    public record TargetProduct(long orderId, long productId) {
    }

    /** Each validation order's whole target basket, by order id. */
    public static Map<Long, java.util.Set<Long>> targets(Iterable<TargetProduct> rows) {
        Map<Long, java.util.Set<Long>> targets = new HashMap<>();
        for (TargetProduct row : rows) {
            targets.computeIfAbsent(row.orderId(), o -> new java.util.HashSet<>()).add(row.productId());
        }
        return targets;
    }

    /** Each validation user's history, by user id. */
    public static Map<Long, UserHistory> histories(Iterable<UserProductPurchase> rows) {
        Map<Long, List<UserProductPurchase>> byUser = new HashMap<>();
        for (UserProductPurchase row : rows) {
            byUser.computeIfAbsent(row.userId(), u -> new ArrayList<>()).add(row);
        }
        // Most often bought first; then the more recently bought; then the smaller id (see UserHistory).
        Comparator<UserProductPurchase> byFrequency = Comparator.comparingLong(UserProductPurchase::timesBought).reversed()
                .thenComparing(Comparator.comparingInt(UserProductPurchase::lastBoughtOrderNumber).reversed())
                .thenComparingLong(UserProductPurchase::productId);
        Map<Long, UserHistory> histories = new HashMap<>();
        byUser.forEach((user, list) -> {
            list.sort(byFrequency);
            histories.put(user, new UserHistory(user,
                    list.stream().filter(UserProductPurchase::inLastOrder).map(UserProductPurchase::productId).sorted().toList(),
                    list.stream().map(UserProductPurchase::productId).toList(),
                    UserHistory.basketSizeFromMeanReorders(list.get(0).meanReordersPerOrder()),
                    list.stream().collect(java.util.stream.Collectors.toMap(UserProductPurchase::productId, UserProductPurchase::timesBought))));
        });
        return histories;
    }

    /**
     * The most popular products (most bought first, ties by smaller id), as many as the longest
     * baseline list needs: the longer ranking cut-off, or the largest basket size k of any user.
     */
    public static List<Long> popularProducts(Collection<ProductPopularity> all, Map<Long, UserHistory> histories) {
        int needed = Math.max(RankingScores.LONG_LIST,
                histories.values().stream().mapToInt(UserHistory::basketSize).max().orElse(0));
        return all.stream()
                .sorted(Comparator.comparingLong(ProductPopularity::timesBought).reversed()
                        .thenComparingLong(ProductPopularity::productId))
                .limit(needed).map(ProductPopularity::productId).toList();
    }
}
