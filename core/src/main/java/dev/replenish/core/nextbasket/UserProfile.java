package dev.replenish.core.nextbasket;

import java.util.Arrays;

/**
 * What one user's history says about each item the user bought: in how many baskets, when first
 * and last (basket positions, oldest = 0), and a recency-weighted frequency in which a basket k
 * baskets before the latest weighs {@code decay^k}. Built from history only.
 */
final class UserProfile {

    final int historyLength;
    /** Distinct items bought, ascending index. */
    final int[] items;
    final int[] baskets;
    final int[] firstSeen;
    final int[] lastSeen;
    final float[] recencyWeight;
    /** recencyWeight scaled to unit length: the user's vector for user-to-user similarity. */
    final float[] unitWeight;
    /** recencyWeight scaled to sum 1: how much each item speaks for the user in co-purchase scores. */
    final float[] shareWeight;
    final int[] lastBasket;
    final double meanBasketSize;
    /** Share of lines in baskets 2..n that repeat an item of an earlier basket; NaN with one basket. */
    final double repeatRatio;

    UserProfile(int[][] history, double decay) {
        historyLength = history.length;
        int[] all = Arrays.stream(history).flatMapToInt(Arrays::stream).distinct().sorted().toArray();
        items = all;
        baskets = new int[all.length];
        firstSeen = new int[all.length];
        lastSeen = new int[all.length];
        recencyWeight = new float[all.length];
        Arrays.fill(firstSeen, -1);
        long lines = 0;
        long repeatLines = 0;
        for (int position = 0; position < history.length; position++) {
            double weight = Math.pow(decay, history.length - 1 - position);
            for (int item : history[position]) {
                int slot = Arrays.binarySearch(items, item);
                if (position > 0) {
                    lines++;
                    if (firstSeen[slot] >= 0) {
                        repeatLines++;
                    }
                }
                if (firstSeen[slot] < 0) {
                    firstSeen[slot] = position;
                }
                baskets[slot]++;
                lastSeen[slot] = position;
                recencyWeight[slot] += (float) weight;
            }
        }
        double squares = 0;
        double sum = 0;
        for (float w : recencyWeight) {
            squares += (double) w * w;
            sum += w;
        }
        double norm = Math.sqrt(squares);
        unitWeight = new float[items.length];
        shareWeight = new float[items.length];
        for (int i = 0; i < items.length; i++) {
            unitWeight[i] = (float) (recencyWeight[i] / norm);
            shareWeight[i] = (float) (recencyWeight[i] / sum);
        }
        lastBasket = history[history.length - 1];
        meanBasketSize = Arrays.stream(history).mapToInt(b -> b.length).average().orElse(0);
        repeatRatio = lines == 0 ? Double.NaN : (double) repeatLines / lines;
    }

    /** Position of the item in {@link #items}, or a negative number when the user never bought it. */
    int slotOf(int item) {
        return Arrays.binarySearch(items, item);
    }
}
