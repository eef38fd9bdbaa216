package dev.replenish.core.evaluation;

import dev.replenish.core.neighbours.TopProducts;
import dev.replenish.core.neighbours.UserNeighbours;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A TIFUKNN-style user-KNN baseline (Hu et al., SIGIR 2020), as the reality check runs it: the
 * prediction is {@code alpha * own purchase shares + (1 - alpha) * the neighbour votes} of
 * {@link UserNeighbours} (the mean share vector of the k most cosine-similar users). The
 * time-decayed group vectors of the original are left out: the evaluator sees purchase counts,
 * not basket order. Neighbours are drawn from the users being evaluated, every buyer of a product
 * visited, and their vectors hold prior orders only, so no target reaches a prediction.
 */
final class UserKnn {

    /** Weight of the user's own vector; TIFUKNN's published settings sit between 0.7 and 0.9. */
    static final double ALPHA = 0.7;
    /** Neighbours per user. */
    static final int NEIGHBOURS = 100;

    private final Map<Long, UserNeighbours.UserVector> vectors = new HashMap<>();
    private final UserNeighbours.Scorer scorer;

    UserKnn(Map<Long, UserHistory> histories) {
        histories.forEach((user, history) -> {
            List<Long> products = history.byFrequency();
            long[] ids = new long[products.size()];
            double[] weights = new double[products.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = products.get(i);
                weights[i] = history.timesBought(ids[i]);
            }
            vectors.put(user, new UserNeighbours.UserVector(user, ids, weights));
        });
        scorer = UserNeighbours.of(new ArrayList<>(vectors.values()), Integer.MAX_VALUE).scorer();
    }

    /** The user's top {@code length} products, best first (ties by smaller id). */
    List<Long> ranking(long user, int length) {
        UserNeighbours.UserVector own = vectors.get(user);
        if (own == null || own.products().length == 0) {
            return List.of();
        }
        double[] shares = UserNeighbours.shares(own);
        Map<Long, Integer> ownIndex = new HashMap<>();
        for (int i = 0; i < shares.length; i++) {
            ownIndex.put(own.products()[i], i);
        }
        boolean[] voted = new boolean[shares.length];
        // A partial selection over primitive arrays: the neighbours vote for thousands of products,
        // and sorting them all (boxed) was most of the evaluate step at full scale.
        TopProducts top = new TopProducts(length);
        UserNeighbours.Votes votes = scorer.votes(own, NEIGHBOURS);
        for (int v = 0; v < votes.products().length; v++) {
            long product = votes.products()[v];
            double score = (1 - ALPHA) * votes.scores()[v];
            Integer mine = ownIndex.get(product);
            if (mine != null) {
                score += ALPHA * shares[mine];
                voted[mine] = true;
            }
            top.offer(product, score);
        }
        for (int i = 0; i < shares.length; i++) {
            if (!voted[i]) {
                top.offer(own.products()[i], ALPHA * shares[i]);
            }
        }
        List<Long> best = new ArrayList<>(top.size());
        for (int i = 0; i < top.size(); i++) {
            best.add(top.product(i));
        }
        return best;
    }
}
