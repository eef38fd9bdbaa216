package dev.replenish.core.nextbasket;

import java.util.Arrays;

/**
 * Scores over dense indices where few entries are non-zero: a dense array plus the list of
 * touched indices, reused across users so scoring a user allocates nothing and clearing costs
 * only what was touched.
 */
final class SparseScores {

    private final double[] values;
    private final boolean[] isTouched;
    private int[] touched = new int[256];
    private int touchedCount;

    SparseScores(int size) {
        values = new double[size];
        isTouched = new boolean[size];
    }

    void add(int index, double amount) {
        if (!isTouched[index]) {
            isTouched[index] = true;
            if (touchedCount == touched.length) {
                touched = Arrays.copyOf(touched, touched.length * 2);
            }
            touched[touchedCount++] = index;
        }
        values[index] += amount;
    }

    double get(int index) {
        return values[index];
    }

    /** The highest-scoring touched indices (ties: smaller index), skipping those {@code excluded} rejects. */
    int[] top(int count, java.util.function.IntPredicate excluded) {
        TopScores top = new TopScores(count);
        for (int t = 0; t < touchedCount; t++) {
            int index = touched[t];
            if (!excluded.test(index) && values[index] > 0) {
                top.offer(index, values[index]);
            }
        }
        return top.keys();
    }

    int touchedCount() {
        return touchedCount;
    }

    int touchedAt(int position) {
        return touched[position];
    }

    void clear() {
        for (int t = 0; t < touchedCount; t++) {
            values[touched[t]] = 0;
            isTouched[touched[t]] = false;
        }
        touchedCount = 0;
    }
}
