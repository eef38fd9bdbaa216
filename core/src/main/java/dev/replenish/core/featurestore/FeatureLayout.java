package dev.replenish.core.featurestore;

import java.util.List;

/**
 * What the stored vectors mean: the feature names of the run whose features the store holds, in
 * vector order. The store keeps it beside the users' items, so the API can say why a candidate is
 * suggested without reading the lake.
 *
 * @param runId               the run whose features were loaded
 * @param manifestFingerprint that run's {@code FeatureManifest.fingerprint()}: a user item with the
 *                            same fingerprint is laid out by these names
 * @param featureNames        the features, in vector order
 */
public record FeatureLayout(String runId, String manifestFingerprint, List<String> featureNames) {
    public FeatureLayout {
        featureNames = List.copyOf(featureNames);
    }
}
