package dev.replenish.core.nextbasket;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One user's candidates and their features, row-major in {@link CandidateFeature} order, ready to
 * hand to a ranker without copying.
 *
 * @param userId   the user
 * @param items    candidate item ids, repeat candidates first, then explore candidates
 * @param features {@code items.length * CandidateFeature.COUNT} values
 */
public record CandidateSet(long userId, long[] items, float[] features) {

    public CandidateSet {
        if (features.length != items.length * CandidateFeature.COUNT) {
            throw new IllegalArgumentException("user " + userId + ": " + features.length + " feature values for "
                    + items.length + " candidates");
        }
    }

    public int size() {
        return items.length;
    }

    public float feature(int candidate, CandidateFeature feature) {
        return features[candidate * CandidateFeature.COUNT + feature.ordinal()];
    }

    /** 1 for each candidate in the target basket, else 0: the training label. */
    public float[] labels(List<Long> target) {
        Set<Long> truth = new HashSet<>(target);
        float[] labels = new float[items.length];
        for (int i = 0; i < items.length; i++) {
            labels[i] = truth.contains(items[i]) ? 1f : 0f;
        }
        return labels;
    }

    /** The candidates by descending score; equal scores keep the smaller item id first. */
    public List<Long> rankedBy(float[] scores) {
        if (scores.length != items.length) {
            throw new IllegalArgumentException("user " + userId + ": " + scores.length + " scores for " + items.length + " candidates");
        }
        Integer[] order = new Integer[items.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int byScore = Float.compare(scores[b], scores[a]);
            return byScore != 0 ? byScore : Long.compare(items[a], items[b]);
        });
        List<Long> ranked = new ArrayList<>(items.length);
        for (int i : order) {
            ranked.add(items[i]);
        }
        return ranked;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CandidateSet that && userId == that.userId
                && Arrays.equals(items, that.items) && Arrays.equals(features, that.features);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(userId) * 31 + Arrays.hashCode(items) * 17 + Arrays.hashCode(features);
    }

    @Override
    public String toString() {
        return "CandidateSet[user " + userId + ", " + items.length + " candidates]";
    }
}
