package dev.replenish.core.metrics;

import java.util.Set;

/**
 * F1 of one predicted basket as Kaggle scored the Instacart competition: "None" (no re-ordered
 * product) is a token of its own, so an empty prediction for an order without re-orders scores 1,
 * and an empty prediction for an order with re-orders scores 0.
 */
public final class BasketF1 {

    private BasketF1() {
    }

    /**
     * @param predicted the products predicted (empty means "None")
     * @param truth     the products actually re-ordered (empty means "None")
     */
    public static double f1(Set<Long> predicted, Set<Long> truth) {
        if (predicted.isEmpty() && truth.isEmpty()) {
            return 1.0;
        }
        if (predicted.isEmpty() || truth.isEmpty()) {
            // One side is {None}, the other a set of products: nothing in common.
            return 0.0;
        }
        long hits = predicted.stream().filter(truth::contains).count();
        if (hits == 0) {
            return 0.0;
        }
        double precision = (double) hits / predicted.size();
        double recall = (double) hits / truth.size();
        return 2 * precision * recall / (precision + recall);
    }
}
