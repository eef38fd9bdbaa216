package dev.replenish.sources.generate;

import java.util.random.RandomGenerator;

/**
 * Draws an index with probability proportional to its weight in constant time (Vose's alias
 * method). The generator draws tens of millions of products; a binary search over cumulative
 * weights would cost a dozen cache misses each.
 */
final class AliasTable {

    private final double[] keep;
    private final int[] alias;

    AliasTable(double[] weights) {
        int n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("an alias table needs at least one weight");
        }
        double total = 0;
        for (double weight : weights) {
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("weights must be finite and non-negative, got " + weight);
            }
            total += weight;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("weights must not all be zero");
        }
        keep = new double[n];
        alias = new int[n];
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int smallCount = 0;
        int largeCount = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / total;
            if (scaled[i] < 1.0) {
                small[smallCount++] = i;
            } else {
                large[largeCount++] = i;
            }
        }
        while (smallCount > 0 && largeCount > 0) {
            int less = small[--smallCount];
            int more = large[--largeCount];
            keep[less] = scaled[less];
            alias[less] = more;
            scaled[more] = (scaled[more] + scaled[less]) - 1.0;
            if (scaled[more] < 1.0) {
                small[smallCount++] = more;
            } else {
                large[largeCount++] = more;
            }
        }
        // What is left is 1.0 up to rounding error.
        while (largeCount > 0) {
            keep[large[--largeCount]] = 1.0;
        }
        while (smallCount > 0) {
            keep[small[--smallCount]] = 1.0;
        }
    }

    int size() {
        return keep.length;
    }

    /** An index in [0, size), one uniform draw. */
    int sample(RandomGenerator random) {
        double scaled = random.nextDouble() * keep.length;
        int column = (int) scaled;
        return scaled - column < keep[column] ? column : alias[column];
    }
}
