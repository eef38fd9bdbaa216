package dev.replenish.core.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One validation row as scored: the model's probability and the label. The local step scores with
 * xgboost4j, the cloud with a SageMaker batch transform; both group their rows with {@link #group}.
 */
public record ScoredCandidate(long userId, long productId, long orderId, double probability, boolean reordered) {

    /**
     * The rows as one {@link ValidationOrder} per order, orders by id and candidates by product id,
     * whatever order the rows came in (a transform's output files have none to rely on).
     *
     * @throws IllegalArgumentException when an order's rows name two users, or a product twice
     */
    public static List<ValidationOrder> group(List<ScoredCandidate> rows) {
        List<ScoredCandidate> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(ScoredCandidate::orderId).thenComparingLong(ScoredCandidate::productId));
        List<ValidationOrder> orders = new ArrayList<>();
        int start = 0;
        while (start < sorted.size()) {
            ScoredCandidate first = sorted.get(start);
            int end = start;
            while (end < sorted.size() && sorted.get(end).orderId() == first.orderId()) {
                end++;
            }
            int n = end - start;
            long[] products = new long[n];
            double[] probabilities = new double[n];
            boolean[] labels = new boolean[n];
            for (int i = 0; i < n; i++) {
                ScoredCandidate row = sorted.get(start + i);
                if (row.userId() != first.userId()) {
                    throw new IllegalArgumentException("order " + first.orderId() + " has rows of users " + first.userId()
                            + " and " + row.userId());
                }
                if (i > 0 && row.productId() == products[i - 1]) {
                    throw new IllegalArgumentException("order " + first.orderId() + " has product " + row.productId() + " twice");
                }
                products[i] = row.productId();
                probabilities[i] = row.probability();
                labels[i] = row.reordered();
            }
            orders.add(new ValidationOrder(first.userId(), first.orderId(), products, probabilities, labels));
            start = end;
        }
        return orders;
    }
}
