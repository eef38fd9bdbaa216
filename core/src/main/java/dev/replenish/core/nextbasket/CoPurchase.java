package dev.replenish.core.nextbasket;

import java.util.List;

/**
 * Item-to-item similarity from baskets: two items are similar when they are often in the same
 * basket, measured as the cosine {@code together(i, j) / sqrt(baskets(i) * baskets(j))} so a
 * staple found in every basket does not look similar to everything. Only the most similar items of
 * each item are kept; that bounds memory and the cost of scoring a user.
 */
final class CoPurchase {

    private final int[][] similarItems;
    private final float[][] similarities;

    private CoPurchase(int[][] similarItems, float[][] similarities) {
        this.similarItems = similarItems;
        this.similarities = similarities;
    }

    /** Similarities over the given baskets (history baskets only: no target may shape them). */
    static CoPurchase fromBaskets(List<int[]> baskets, int itemCount, int keptPerItem) {
        int[] basketsPerItem = new int[itemCount];
        for (int[] basket : baskets) {
            for (int item : basket) {
                basketsPerItem[item]++;
            }
        }
        int[][] basketsOfItem = new int[itemCount][];
        for (int item = 0; item < itemCount; item++) {
            basketsOfItem[item] = new int[basketsPerItem[item]];
        }
        int[] filled = new int[itemCount];
        for (int b = 0; b < baskets.size(); b++) {
            for (int item : baskets.get(b)) {
                basketsOfItem[item][filled[item]++] = b;
            }
        }
        int[][] similarItems = new int[itemCount][];
        float[][] similarities = new float[itemCount][];
        int[] together = new int[itemCount];
        int[] touched = new int[itemCount];
        for (int item = 0; item < itemCount; item++) {
            int touchedCount = 0;
            for (int b : basketsOfItem[item]) {
                for (int other : baskets.get(b)) {
                    if (other != item) {
                        if (together[other] == 0) {
                            touched[touchedCount++] = other;
                        }
                        together[other]++;
                    }
                }
            }
            TopScores top = new TopScores(keptPerItem);
            for (int t = 0; t < touchedCount; t++) {
                int other = touched[t];
                double cosine = together[other] / Math.sqrt((double) basketsPerItem[item] * basketsPerItem[other]);
                top.offer(other, cosine);
                together[other] = 0;
            }
            similarItems[item] = top.keys();
            similarities[item] = top.scoresAsFloats();
        }
        return new CoPurchase(similarItems, similarities);
    }

    /** Adds {@code weight * similarity(item, j)} to {@code scores[j]} for each item j kept as similar to item. */
    void spread(int item, double weight, SparseScores scores) {
        int[] others = similarItems[item];
        float[] values = similarities[item];
        for (int k = 0; k < others.length; k++) {
            scores.add(others[k], weight * values[k]);
        }
    }
}
