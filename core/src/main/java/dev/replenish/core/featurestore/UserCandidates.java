package dev.replenish.core.featurestore;

import dev.replenish.core.missions.MissionProfile;

import java.util.Arrays;

/**
 * One user's feature-store item: the products that are candidates for the user's next order and
 * their feature vectors, in feature-manifest order. One item answers both API calls.
 *
 * @param userId              the user (the table's partition key)
 * @param runId               the pipeline run that produced the features
 * @param manifestFingerprint {@code FeatureManifest.fingerprint()} of that run: the API refuses
 *                            vectors whose manifest differs from the model's
 * @param productIds          the candidate products
 * @param features            row-major: candidate i's features are
 *                            {@code features[i * featureCount .. (i + 1) * featureCount)}; NaN is a missing value
 * @param featureCount        features per candidate
 * @param missions            the user's main shopping missions (none when the run found none for
 *                            the user, or the item was loaded before missions existed): they ride
 *                            in the same item, so the read that serves the candidates names them
 */
public record UserCandidates(long userId, String runId, String manifestFingerprint, long[] productIds,
                             float[] features, int featureCount, MissionProfile missions) {

    /** A user without a mission profile. */
    public UserCandidates(long userId, String runId, String manifestFingerprint, long[] productIds,
                          float[] features, int featureCount) {
        this(userId, runId, manifestFingerprint, productIds, features, featureCount, MissionProfile.none());
    }

    public UserCandidates {
        missions = missions == null ? MissionProfile.none() : missions;
        if (featureCount <= 0) {
            throw new IllegalArgumentException("featureCount must be positive");
        }
        if (features.length != productIds.length * featureCount) {
            throw new IllegalArgumentException("user " + userId + ": " + features.length + " feature values for "
                    + productIds.length + " candidates x " + featureCount + " features");
        }
    }

    public int size() {
        return productIds.length;
    }

    /** The position of a product among the candidates, or -1. */
    public int indexOf(long productId) {
        for (int i = 0; i < productIds.length; i++) {
            if (productIds[i] == productId) {
                return i;
            }
        }
        return -1;
    }

    /** Candidate i's feature vector (a copy). */
    public float[] featuresOf(int candidate) {
        return Arrays.copyOfRange(features, candidate * featureCount, (candidate + 1) * featureCount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserCandidates other && userId == other.userId && featureCount == other.featureCount
                && runId.equals(other.runId) && manifestFingerprint.equals(other.manifestFingerprint)
                && Arrays.equals(productIds, other.productIds) && Arrays.equals(features, other.features)
                && missions.equals(other.missions);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(userId) * 31 + Arrays.hashCode(productIds);
    }

    @Override
    public String toString() {
        return "UserCandidates[user " + userId + ", run " + runId + ", " + productIds.length + " candidates x "
                + featureCount + " features, " + missions.missions().size() + " missions]";
    }
}
