package dev.replenish.core.basket;

import java.util.Arrays;

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
 * S_n(m) = 1/m. The candidates past the K-th enter only through the distribution of their
 * re-orders, built once and cut where it is negligible. Together O(K² + n·w) for n candidates,
 * baskets up to K and w counts with any weight (a few dozen): a user's ~60 candidates take well
 * under a tenth of a millisecond, 2,000 about a millisecond (docs/benchmarks.md).
 *
 * <p>Baskets are at most {@link #MAX_BASKET} products: a grocery user's re-ordered basket is
 * far smaller, and the cap bounds the work and memory of a request. Every candidate, chosen or
 * not, still counts in the expectation, so the choice is exact among baskets up to the cap.
 */
public final class ExpectedF1Basket {

    /** Counts of tail re-orders less probable than this, relative to the most probable count, are dropped. */
    private static final double NEGLIGIBLE = 1e-20;

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
        int[] order = mostProbableFirst(probabilities);
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

        // s[m] holds S_k(m) for the current k and m in [1, 2 maxBasket]: the steps below read
        // S_k(k + a) for 1 <= a <= k <= maxBasket, and S_k(m + 1) to build S_{k-1}(m).
        double[] s = tailExpectations(p, maxBasket);
        for (int k = maxBasket; k >= 1; k--) {
            double[] distribution = reordersInTop[k];
            double sum = 0.0;
            for (int a = 1; a <= k; a++) {
                sum += distribution[a] * 2.0 * a * s[k + a];
            }
            expected[k] = sum;
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

    /**
     * The candidates' indices, most probable first; equal probabilities keep their input order, so
     * the choice is deterministic. A stable merge sort on primitive indices: a user can have
     * thousands of candidates, and sorting them boxed was a third of a next-basket request.
     */
    public static int[] mostProbableFirst(double[] probabilities) {
        int n = probabilities.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] buffer = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int from = 0; from < n - width; from += 2 * width) {
                int middle = from + width;
                int to = Math.min(from + 2 * width, n);
                int left = from;
                int right = middle;
                int out = from;
                while (left < middle && right < to) {
                    // Strictly greater moves the right one first, so ties keep their order.
                    buffer[out++] = probabilities[order[right]] > probabilities[order[left]] ? order[right++] : order[left++];
                }
                while (left < middle) {
                    buffer[out++] = order[left++];
                }
                while (right < to) {
                    buffer[out++] = order[right++];
                }
                System.arraycopy(buffer, from, order, from, to - from);
            }
        }
        return order;
    }

    /**
     * S_K(m) = E[1 / (m + B_K)] for m in [1, 2K], K = maxBasket, B_K the re-orders among the
     * candidates past the K-th (S_K(m) = 1/m when there are none). B_K's distribution is built one
     * candidate at a time, keeping only the counts whose probability is above {@link #NEGLIGIBLE}
     * of the largest: what is dropped is below 10^-16 of S in all, so the value is exact in double
     * precision, and a user with 2,000 candidates costs a few dozen counts per candidate instead of
     * the thousands a full recursion over every count would.
     */
    private static double[] tailExpectations(double[] p, int maxBasket) {
        int n = p.length - 1;
        double[] s = new double[2 * maxBasket + 1];
        if (n <= maxBasket) {
            for (int m = 1; m <= 2 * maxBasket; m++) {
                s[m] = 1.0 / m;
            }
            return s;
        }
        double[] counts = new double[n - maxBasket + 1];
        counts[0] = 1.0;
        int low = 0;
        int high = 0;
        for (int k = maxBasket + 1; k <= n; k++) {
            double pk = p[k];
            counts[high + 1] = counts[high] * pk;
            for (int b = high; b > low; b--) {
                counts[b] = counts[b] * (1.0 - pk) + counts[b - 1] * pk;
            }
            counts[low] *= 1.0 - pk;
            high++;
            double largest = 0.0;
            for (int b = low; b <= high; b++) {
                largest = Math.max(largest, counts[b]);
            }
            while (high > low && counts[high] < NEGLIGIBLE * largest) {
                counts[high--] = 0.0;
            }
            while (low < high && counts[low] < NEGLIGIBLE * largest) {
                counts[low++] = 0.0;
            }
        }
        for (int m = 1; m <= 2 * maxBasket; m++) {
            double sum = 0.0;
            for (int b = low; b <= high; b++) {
                sum += counts[b] / (m + b);
            }
            s[m] = sum;
        }
        return s;
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
