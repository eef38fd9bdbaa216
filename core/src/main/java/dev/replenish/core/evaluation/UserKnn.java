package dev.replenish.core.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A TIFUKNN-style user-KNN baseline (Hu et al., SIGIR 2020), as the reality check runs it: a user
 * is the vector of their product purchase shares; the prediction is
 * {@code alpha * own vector + (1 - alpha) * mean of the k most cosine-similar users' vectors}. The
 * time-decayed group vectors of the original are left out: the evaluator sees purchase counts,
 * not basket order. Neighbours are drawn from the users being evaluated, whose vectors hold prior
 * orders only, so no target reaches a prediction.
 */
final class UserKnn {

    /** Weight of the user's own vector; TIFUKNN's published settings sit between 0.7 and 0.9. */
    static final double ALPHA = 0.7;
    /** Neighbours per user. */
    static final int NEIGHBOURS = 100;

    private final Map<Long, Map<Long, Double>> vectors = new HashMap<>();
    private final Map<Long, Double> norms = new HashMap<>();
    private final Map<Long, List<Long>> buyers = new HashMap<>();

    UserKnn(Map<Long, UserHistory> histories) {
        histories.forEach((user, history) -> {
            Map<Long, Double> vector = new HashMap<>();
            double total = 0;
            for (Long product : history.byFrequency()) {
                total += history.timesBought(product);
            }
            double norm = 0;
            for (Long product : history.byFrequency()) {
                double share = history.timesBought(product) / total;
                vector.put(product, share);
                norm += share * share;
                buyers.computeIfAbsent(product, p -> new ArrayList<>()).add(user);
            }
            vectors.put(user, vector);
            norms.put(user, Math.sqrt(norm));
        });
    }

    /** The user's top {@code length} products, best first (ties by smaller id). */
    List<Long> ranking(long user, int length) {
        Map<Long, Double> own = vectors.getOrDefault(user, Map.of());
        Map<Long, Double> dots = new HashMap<>();
        own.forEach((product, share) -> {
            for (Long other : buyers.getOrDefault(product, List.of())) {
                if (other != user) {
                    dots.merge(other, share * vectors.get(other).get(product), Double::sum);
                }
            }
        });
        PriorityQueue<Map.Entry<Long, Double>> nearest = new PriorityQueue<>(
                (a, b) -> a.getValue().equals(b.getValue()) ? Long.compare(b.getKey(), a.getKey()) : Double.compare(a.getValue(), b.getValue()));
        double ownNorm = norms.getOrDefault(user, 0.0);
        for (Map.Entry<Long, Double> dot : dots.entrySet()) {
            nearest.add(Map.entry(dot.getKey(), dot.getValue() / (ownNorm * norms.get(dot.getKey()))));
            if (nearest.size() > NEIGHBOURS) {
                nearest.poll();
            }
        }
        Map<Long, Double> scores = new HashMap<>();
        own.forEach((product, share) -> scores.merge(product, ALPHA * share, Double::sum));
        int count = nearest.size();
        for (Map.Entry<Long, Double> neighbour : nearest) {
            vectors.get(neighbour.getKey()).forEach((product, share) ->
                    scores.merge(product, (1 - ALPHA) * share / count, Double::sum));
        }
        return scores.entrySet().stream()
                .sorted((a, b) -> a.getValue().equals(b.getValue()) ? Long.compare(a.getKey(), b.getKey())
                        : Double.compare(b.getValue(), a.getValue()))
                .limit(length).map(Map.Entry::getKey).toList();
    }
}
