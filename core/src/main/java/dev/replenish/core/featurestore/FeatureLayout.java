package dev.replenish.core.featurestore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stored vectors mean: the feature names of the run whose features the store holds, in
 * vector order. The store keeps it beside the users' items, so the API can say why a candidate is
 * suggested, and name a user's shopping missions, without reading the lake.
 *
 * @param runId               the run whose features were loaded
 * @param manifestFingerprint that run's {@code FeatureManifest.fingerprint()}: a user item with the
 *                            same fingerprint is laid out by these names
 * @param featureNames        the features, in vector order
 * @param exampleUsers        a few users the store holds (the smallest ids), for a page to offer
 *                            so a newcomer does not have to guess an id
 * @param missions            the run's shopping missions by id, as its {@code missions.json} names
 *                            them (empty when the run found none, or for a layout loaded before
 *                            missions existed). Mission ids are the run's own: another run's LDA
 *                            numbers its topics afresh, so they name only this run's user items.
 */
public record FeatureLayout(String runId, String manifestFingerprint, List<String> featureNames, List<Long> exampleUsers,
                            List<MissionName> missions) {
    /** How many example users a load keeps. */
    public static final int EXAMPLE_USERS = 20;

    /**
     * @param id         1..K, as in the users' mission profiles
     * @param name       readable, from the mission's top aisles
     * @param orderShare its share of all the run's prior orders
     */
    public record MissionName(int id, String name, double orderShare) {
    }

    /** A layout that names no missions. */
    public FeatureLayout(String runId, String manifestFingerprint, List<String> featureNames, List<Long> exampleUsers) {
        this(runId, manifestFingerprint, featureNames, exampleUsers, List.of());
    }

    public FeatureLayout {
        featureNames = List.copyOf(featureNames);
        exampleUsers = List.copyOf(exampleUsers);
        missions = missions == null ? List.of() : List.copyOf(missions);
    }

    /** The names of the missions, by id. */
    public Map<Integer, String> missionNames() {
        Map<Integer, String> names = new HashMap<>();
        missions.forEach(mission -> names.put(mission.id(), mission.name()));
        return names;
    }
}
