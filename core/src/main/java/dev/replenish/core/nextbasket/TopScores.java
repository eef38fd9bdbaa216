package dev.replenish.core.nextbasket;

import java.util.Arrays;

/**
 * Keeps the k highest (key, score) pairs offered, in a bounded min-heap; a tie in score goes to the
 * smaller key, so the result never depends on the order of offers.
 */
final class TopScores {

    private final int capacity;
    private final int[] keys;
    private final double[] scores;
    private int size;

    TopScores(int capacity) {
        this.capacity = capacity;
        this.keys = new int[capacity];
        this.scores = new double[capacity];
    }

    void offer(int key, double score) {
        if (capacity == 0) {
            return;
        }
        if (size < capacity) {
            keys[size] = key;
            scores[size] = score;
            siftUp(size++);
        } else if (better(key, score, keys[0], scores[0])) {
            keys[0] = key;
            scores[0] = score;
            siftDown(0);
        }
    }

    /** The kept keys, best first. */
    int[] keys() {
        return order().map(i -> keys[i]).toArray();
    }

    /** The kept scores, in the order of {@link #keys()}. */
    float[] scoresAsFloats() {
        int[] order = order().toArray();
        float[] result = new float[order.length];
        for (int i = 0; i < order.length; i++) {
            result[i] = (float) scores[order[i]];
        }
        return result;
    }

    double[] scores() {
        return order().mapToDouble(i -> scores[i]).toArray();
    }

    private java.util.stream.IntStream order() {
        Integer[] positions = new Integer[size];
        for (int i = 0; i < size; i++) {
            positions[i] = i;
        }
        Arrays.sort(positions, (a, b) -> better(keys[a], scores[a], keys[b], scores[b]) ? -1
                : better(keys[b], scores[b], keys[a], scores[a]) ? 1 : 0);
        return Arrays.stream(positions).mapToInt(Integer::intValue);
    }

    private static boolean better(int keyA, double scoreA, int keyB, double scoreB) {
        return scoreA > scoreB || (scoreA == scoreB && keyA < keyB);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (better(keys[parent], scores[parent], keys[i], scores[i])) {
                swap(i, parent);
                i = parent;
            } else {
                return;
            }
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            int right = left + 1;
            int worst = i;
            if (left < size && better(keys[worst], scores[worst], keys[left], scores[left])) {
                worst = left;
            }
            if (right < size && better(keys[worst], scores[worst], keys[right], scores[right])) {
                worst = right;
            }
            if (worst == i) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        int key = keys[a];
        keys[a] = keys[b];
        keys[b] = key;
        double score = scores[a];
        scores[a] = scores[b];
        scores[b] = score;
    }
}
