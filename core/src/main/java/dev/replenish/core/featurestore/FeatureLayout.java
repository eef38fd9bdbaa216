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
 * @param exampleUsers        a few users the store holds (the smallest ids), for a page to offer
 *                            so a newcomer does not have to guess an id
 */
public record FeatureLayout(String runId, String manifestFingerprint, List<String> featureNames, List<Long> exampleUsers) {
    /** How many example users a load keeps. */
    public static final int EXAMPLE_USERS = 20;

    public FeatureLayout {
        featureNames = List.copyOf(featureNames);
        exampleUsers = List.copyOf(exampleUsers);
    }
}
