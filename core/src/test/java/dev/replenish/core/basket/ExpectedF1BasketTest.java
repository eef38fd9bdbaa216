package dev.replenish.core.basket;

import dev.replenish.core.metrics.BasketF1;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectedF1BasketTest {

    private static final double EXACT = 1e-12;

    /** E[F1(basket)] by enumerating every possible truth, scored by the Kaggle F1 itself. */
    private static double bruteForceExpectedF1(int basketMask, double[] p, Set<Long>[] subsets) {
        int n = p.length;
        double expected = 0.0;
        for (int truthMask = 0; truthMask < (1 << n); truthMask++) {
            double probability = 1.0;
            for (int i = 0; i < n; i++) {
                probability *= (truthMask & (1 << i)) != 0 ? p[i] : 1.0 - p[i];
            }
            expected += probability * BasketF1.f1(subsets[basketMask], subsets[truthMask]);
        }
        return expected;
    }

    /** Every subset of n products, indexed by its bit mask. */
    @SuppressWarnings("unchecked")
    private static Set<Long>[] allSubsets(int n) {
        Set<Long>[] subsets = new Set[1 << n];
        for (int mask = 0; mask < (1 << n); mask++) {
            Set<Long> set = new HashSet<>();
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    set.add((long) i);
                }
            }
            subsets[mask] = set;
        }
        return subsets;
    }

    private static int mask(int[] indices) {
        int mask = 0;
        for (int index : indices) {
            mask |= 1 << index;
        }
        return mask;
    }

    @Test
    void aSingleCandidateIsChosenOnlyWhenMoreLikelyThanNot() {
        // GIVEN one candidate: E[F1({c})] = p (F1 is 1 when bought, 0 otherwise), E[F1(None)] = 1 - p
        // WHEN p is 0.6 THEN the candidate is chosen with expected F1 0.6
        ExpectedF1Basket.Choice likely = ExpectedF1Basket.choose(new double[]{0.6});
        assertArrayEquals(new int[]{0}, likely.chosen());
        assertEquals(0.6, likely.expectedF1(), EXACT);
        // WHEN p is 0.4 THEN "None" wins with expected F1 0.6
        ExpectedF1Basket.Choice unlikely = ExpectedF1Basket.choose(new double[]{0.4});
        assertTrue(unlikely.isNone());
        assertEquals(0.6, unlikely.expectedF1(), EXACT);
        assertEquals(0.6, unlikely.noneProbability(), EXACT);
    }

    @Test
    void twoCoinFlipsAreBothPredicted() {
        // GIVEN two candidates at 0.5, by hand:
        //   None: P(neither) = 1/4
        //   {a}:  1/4 (only a) * 1 + 1/4 (both) * 2/3 = 5/12
        //   {a,b}: 1/4 (both) * 1 + 1/2 (one) * 2/3 = 7/12
        // WHEN chosen THEN both, at 7/12
        ExpectedF1Basket.Choice choice = ExpectedF1Basket.choose(new double[]{0.5, 0.5});
        assertArrayEquals(new int[]{0, 1}, choice.chosen());
        assertEquals(7.0 / 12.0, choice.expectedF1(), EXACT);
        assertEquals(0.25, choice.noneProbability(), EXACT);
    }

    @Test
    void manyUnlikelyCandidatesGiveNone() {
        // GIVEN ten candidates at 0.05: P(None) = 0.95^10 ≈ 0.599, and any basket scores less
        double[] p = new double[10];
        java.util.Arrays.fill(p, 0.05);
        // WHEN chosen THEN "None", with expected F1 = P(None)
        ExpectedF1Basket.Choice choice = ExpectedF1Basket.choose(p);
        assertTrue(choice.isNone());
        assertEquals(Math.pow(0.95, 10), choice.expectedF1(), EXACT);
    }

    @Test
    void noCandidatesMeansNoneWithCertainty() {
        // GIVEN a user with no candidates WHEN chosen THEN "None", which is certainly right
        ExpectedF1Basket.Choice choice = ExpectedF1Basket.choose(new double[0]);
        assertTrue(choice.isNone());
        assertEquals(1.0, choice.expectedF1(), EXACT);
    }

    @Test
    void theChosenBasketIsAsGoodAsTheBestOfEverySubsetOnRandomSets() {
        // GIVEN 400 random candidate sets of 1-8 products, probabilities drawn in three regimes
        // (uniform, mostly small as in grocery data, near-ties)
        for (int seed = 0; seed < 400; seed++) {
            Random random = new Random(seed);
            int n = 1 + random.nextInt(8);
            Set<Long>[] subsets = allSubsets(n);
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = switch (seed % 3) {
                    case 0 -> random.nextDouble();
                    case 1 -> Math.pow(random.nextDouble(), 3);
                    default -> 0.3 + 0.01 * random.nextInt(3);
                };
            }
            // WHEN the optimiser chooses, and brute force scores all 2^n baskets
            ExpectedF1Basket.Choice choice = ExpectedF1Basket.choose(p);
            double best = 0.0;
            for (int basket = 0; basket < (1 << n); basket++) {
                best = Math.max(best, bruteForceExpectedF1(basket, p, subsets));
            }
            // THEN its expected F1 is the best one, and is what brute force gives for the basket it chose
            double seedCase = seed;
            assertEquals(best, choice.expectedF1(), 1e-10, () -> "seed " + (int) seedCase + ": " + java.util.Arrays.toString(p));
            assertEquals(bruteForceExpectedF1(mask(choice.chosen()), p, subsets), choice.expectedF1(), 1e-10,
                    () -> "seed " + (int) seedCase + " reports a wrong value for its own basket");
        }
    }

    /**
     * An independent, slower evaluation of E[F1(top k)] by the plain double sum over the counts of
     * re-orders inside and outside the basket, each distribution built from scratch.
     */
    private static double directTopKExpectedF1(double[] sortedDescending, int k) {
        int n = sortedDescending.length;
        double[] inside = countDistribution(sortedDescending, 0, k);
        double[] outside = countDistribution(sortedDescending, k, n);
        double expected = 0.0;
        for (int a = 1; a < inside.length; a++) {
            for (int b = 0; b < outside.length; b++) {
                expected += inside[a] * outside[b] * 2.0 * a / (k + a + b);
            }
        }
        return expected;
    }

    private static double[] countDistribution(double[] p, int from, int to) {
        double[] distribution = {1.0};
        for (int i = from; i < to; i++) {
            double[] next = new double[distribution.length + 1];
            for (int c = 0; c < distribution.length; c++) {
                next[c] += distribution[c] * (1 - p[i]);
                next[c + 1] += distribution[c] * p[i];
            }
            distribution = next;
        }
        return distribution;
    }

    @Test
    void onRealisticallySizedUsersTheValueMatchesADirectDoubleSum() {
        // GIVEN users with 60, 200 and 2,000 candidates (over the basket cap from 200: the tail enters
        // through its truncated count distribution), probabilities skewed small
        for (int n : new int[]{60, 200, 2000}) {
            Random random = new Random(n);
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = i < 3 && n == 200 ? 0.97 : Math.pow(random.nextDouble(), 2);
            }
            // WHEN chosen
            ExpectedF1Basket.Choice choice = ExpectedF1Basket.choose(p);
            // THEN the basket's value equals the direct double sum for a top-k basket of its size,
            // and no top-k basket up to the cap does better
            double[] sorted = java.util.Arrays.stream(p).boxed().sorted(java.util.Comparator.reverseOrder())
                    .mapToDouble(Double::doubleValue).toArray();
            int k = choice.chosen().length;
            assertEquals(directTopKExpectedF1(sorted, k), choice.expectedF1(), 1e-10);
            for (int other = 1; other <= Math.min(n, ExpectedF1Basket.MAX_BASKET); other++) {
                assertTrue(directTopKExpectedF1(sorted, other) <= choice.expectedF1() + 1e-12, "k=" + other);
            }
            // AND the chosen products are the k most probable
            for (int index : choice.chosen()) {
                assertTrue(p[index] >= sorted[k - 1]);
            }
        }
    }

    @Test
    void mostProbableFirstSortsDescendingAndKeepsTheInputOrderOfTies() {
        // GIVEN random arrays of 0-3,000 probabilities drawn from a few values, so ties abound
        for (int seed = 0; seed < 50; seed++) {
            Random random = new Random(seed);
            double[] p = new double[random.nextInt(3001)];
            for (int i = 0; i < p.length; i++) {
                p[i] = random.nextInt(7) / 6.0;
            }
            // WHEN ordered
            int[] order = ExpectedF1Basket.mostProbableFirst(p);
            // THEN it is the stable descending order a boxed sort gives
            int[] expected = java.util.stream.IntStream.range(0, p.length).boxed()
                    .sorted((a, b) -> Double.compare(p[b], p[a])).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, order, "seed " + seed);
        }
    }

    @Test
    void aProbabilityOutsideZeroToOneIsRejected() {
        // GIVEN a NaN or 1.2 WHEN chosen THEN an error names the position
        var error = assertThrows(IllegalArgumentException.class, () -> ExpectedF1Basket.choose(new double[]{0.2, Double.NaN}));
        assertTrue(error.getMessage().contains("probability 1"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExpectedF1Basket.choose(new double[]{1.2}));
    }
}
