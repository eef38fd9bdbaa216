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
    private final Map<Long, Integer> indexOfUser = new HashMap<>();
    private final List<Long> users = new ArrayList<>();
    private final List<Double> norms = new ArrayList<>();
    /** Per product, its buyers (user indexes) and their shares: the inverted index the dot products walk. */
    private final Map<Long, Buyers> buyers = new HashMap<>();

    UserKnn(Map<Long, UserHistory> histories) {
        Map<Long, List<Integer>> buyerIndexes = new HashMap<>();
        Map<Long, List<Double>> buyerShares = new HashMap<>();
        histories.forEach((user, history) -> {
            int index = users.size();
            users.add(user);
            indexOfUser.put(user, index);
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
                buyerIndexes.computeIfAbsent(product, p -> new ArrayList<>()).add(index);
                buyerShares.computeIfAbsent(product, p -> new ArrayList<>()).add(share);
            }
            vectors.put(user, vector);
            norms.add(Math.sqrt(norm));
        });
        buyerIndexes.forEach((product, indexes) -> buyers.put(product, new Buyers(
                indexes.stream().mapToInt(Integer::intValue).toArray(),
                buyerShares.get(product).stream().mapToDouble(Double::doubleValue).toArray())));
    }

    /** Buyers of one product, as parallel arrays (at full scale a popular product has thousands). */
    private record Buyers(int[] users, double[] shares) {
    }

    /** The user's top {@code length} products, best first (ties by smaller id). */
    List<Long> ranking(long user, int length) {
        Map<Long, Double> own = vectors.getOrDefault(user, Map.of());
        Integer self = indexOfUser.get(user);
        // Primitive accumulators over user indexes: boxed map merges made this baseline take minutes at full scale.
        double[] dots = new double[users.size()];
        boolean[] touched = new boolean[users.size()];
        List<Integer> others = new ArrayList<>();
        own.forEach((product, share) -> {
            Buyers of = buyers.get(product);
            for (int i = 0; i < of.users().length; i++) {
                int other = of.users()[i];
                if (self == null || other != self) {
                    dots[other] += share * of.shares()[i];
                    if (!touched[other]) {
                        touched[other] = true;
                        others.add(other);
                    }
                }
            }
        });
        PriorityQueue<Map.Entry<Long, Double>> nearest = new PriorityQueue<>(
                (a, b) -> a.getValue().equals(b.getValue()) ? Long.compare(b.getKey(), a.getKey()) : Double.compare(a.getValue(), b.getValue()));
        double ownNorm = self == null ? 0.0 : norms.get(self);
        for (int other : others) {
            nearest.add(Map.entry(users.get(other), dots[other] / (ownNorm * norms.get(other))));
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
