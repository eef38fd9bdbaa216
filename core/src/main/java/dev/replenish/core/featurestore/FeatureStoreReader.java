package dev.replenish.core.featurestore;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** What the API reads from the feature store: DynamoDB in AWS, DynamoDB Local on one machine. */
public interface FeatureStoreReader {

    /** The user's item, or empty when the store has none for this user. */
    Optional<UserCandidates> candidates(long userId);

    /** Catalog entries of these products; an id the catalog lacks is absent from the map. */
    Map<Long, Product> products(Collection<Long> productIds);

    /**
     * What the vectors of items with this manifest fingerprint mean, or empty when the store's
     * layout is another run's (a load in progress) or the store has none (loaded before it had one).
     */
    Optional<FeatureLayout> layout(String manifestFingerprint);

    /**
     * The layout the load of run {@code runId} wrote, or empty when the store's layout is another
     * run's (a load in progress, a user item left from an earlier run). Unlike {@link #layout(String)}
     * it tells runs of the same feature set apart: their mission ids name different missions.
     */
    Optional<FeatureLayout> layoutOfRun(String runId);

    /** The product's "bought together" list, or empty when the catalog has no such product. */
    Optional<BoughtTogether> boughtTogether(long productId);

    /**
     * The "bought together" lists of these products, in one batch (a cart holds up to a few hundred);
     * an id the catalog lacks is absent from the map.
     */
    Map<Long, BoughtTogether> boughtTogether(Collection<Long> productIds);

    /**
     * The user's most recent past orders, latest first, and main shopping missions, read from the
     * user's item without its candidates; empty when the store has no item for this user (an item
     * loaded without them has an empty history and no missions).
     */
    Optional<UserHistory> history(long userId);
}
