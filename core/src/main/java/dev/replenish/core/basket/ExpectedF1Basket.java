package dev.replenish.core.basket;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Chooses the basket with the highest expected F1, given each candidate's probability of being
 * re-ordered and treating candidates as independent. F1 is scored as Kaggle scored Instacart
 * ({@link dev.replenish.core.metrics.BasketF1}): the empty basket stands for "None" and scores 1
 * exactly when nothing is re-ordered, so its expected F1 is P(None) = Π(1 - p_i).
 *
 * <p>Exact under independence. Two facts make it cheap (Jansche 2007; Nan Ye, Chai, Lee and
 * Chieu, "Optimizing F-measures: a tale of two approaches", ICML 2012): the best non-empty
 * basket of size k is the k most probable candidates, and the expected F1 of every such top-k
 * basket follows from two dynamic programmes over the sorted probabilities. With A_k the number
 * of re-orders among the top k and B_k among the rest,
 * <pre>
 *   E[F1(top k)] = Σ_a P(A_k = a) · 2a · S_k(k + a),   S_k(m) = E[1 / (m + B_k)]
 * </pre>
 * P(A_k = ·) is built forward by adding one candidate at a time; S_k backward, since moving
 * candidate k out of the top k gives S_{k-1}(m) = p_k S_k(m + 1) + (1 - p_k) S_k(m) from
 * S_n(m) = 1/m. Together O(n² + n·K) for n candidates and baskets up to K: a user's ~60
 * candidates take well under a tenth of a millisecond (docs/benchmarks.md).
 *
 * <p>Baskets are at most {@link #MAX_BASKET} products: a grocery user's re-ordered basket is
 * far smaller, and the cap bounds the work and memory of a request. Every candidate, chosen or
 * not, still counts in the expectation, so the choice is exact among baskets up to the cap.
 */
public final class ExpectedF1Basket {

    /** The largest basket considered; a user with more candidates is fine, their tail just counts as possible misses. */
    public static final int MAX_BASKET = 128;

    private ExpectedF1Basket() {
    }

    /**
     * The chosen basket.
     *
     * @param chosen          indices into the probabilities given, most probable first; empty means "None"
     * @param expectedF1      the basket's expected F1
     * @param noneProbability P(no candidate is re-ordered), the expected F1 of predicting "None"
     */
    public record Choice(int[] chosen, double expectedF1, double noneProbability) {

        public boolean isNone() {
            return chosen.length == 0;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Choice that && Arrays.equals(chosen, that.chosen)
                    && expectedF1 == that.expectedF1 && noneProbability == that.noneProbability;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(chosen) * 31 + Double.hashCode(expectedF1);
        }

        @Override
        public String toString() {
            return "Choice" + Arrays.toString(chosen) + " E[F1]=" + expectedF1 + " P(None)=" + noneProbability;
        }
    }

    /**
     * @param probabilities each candidate's probability of being re-ordered, each in [0, 1]
     * @return the basket with the highest expected F1; among equals, the smaller one
     */
    public static Choice choose(double[] probabilities) {
        int n = probabilities.length;
        for (int i = 0; i < n; i++) {
            double p = probabilities[i];
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("probability " + i + " is " + p + "; probabilities must be in [0, 1]");
            }
        }
        // Most probable first; equal probabilities keep their input order, so the choice is deterministic.
        int[] order = IntStream.range(0, n).boxed()
                .sorted((a, b) -> {
                    int byProbability = Double.compare(probabilities[b], probabilities[a]);
                    return byProbability != 0 ? byProbability : Integer.compare(a, b);
                })
                .mapToInt(Integer::intValue).toArray();
        double[] p = new double[n + 1];   // p[k]: probability of the k-th most probable candidate, 1-based
        double none = 1.0;
        for (int k = 1; k <= n; k++) {
            p[k] = probabilities[order[k - 1]];
            none *= 1.0 - p[k];
        }
        int maxBasket = Math.min(n, MAX_BASKET);

        double[][] reordersInTop = reordersInTopDistributions(p, maxBasket);
        double[] expected = new double[maxBasket + 1];
        expected[0] = none;

        // s[m] holds S_k(m) for the current k and m in [1, maxBasket + k]: the remaining steps read
        // S_k(k + a) for 1 <= a <= k <= maxBasket, and S_k(m + 1) to build S_{k-1}(m).
        double[] s = new double[n + maxBasket + 1];
        for (int m = 1; m <= n + maxBasket; m++) {
            s[m] = 1.0 / m;
        }
        for (int k = n; k >= 1; k--) {
            if (k <= maxBasket) {
                double[] distribution = reordersInTop[k];
                double sum = 0.0;
                for (int a = 1; a <= k; a++) {
                    sum += distribution[a] * 2.0 * a * s[k + a];
                }
                expected[k] = sum;
            }
            double pk = p[k];
            for (int m = 1; m < maxBasket + k; m++) {
                s[m] = pk * s[m + 1] + (1.0 - pk) * s[m];
            }
        }

        int best = 0;
        for (int k = 1; k <= maxBasket; k++) {
            if (expected[k] > expected[best]) {
                best = k;
            }
        }
        return new Choice(Arrays.copyOf(order, best), expected[best], none);
    }

    /** P(A_k = a) for k = 0..maxBasket: the number of re-orders among the k most probable candidates. */
    private static double[][] reordersInTopDistributions(double[] p, int maxBasket) {
        double[][] distributions = new double[maxBasket + 1][];
        distributions[0] = new double[]{1.0};
        for (int k = 1; k <= maxBasket; k++) {
            double[] previous = distributions[k - 1];
            double[] current = new double[k + 1];
            double pk = p[k];
            current[0] = (1.0 - pk) * previous[0];
            for (int a = 1; a < k; a++) {
                current[a] = pk * previous[a - 1] + (1.0 - pk) * previous[a];
            }
            current[k] = pk * previous[k - 1];
            distributions[k] = current;
        }
        return distributions;
    }
}
