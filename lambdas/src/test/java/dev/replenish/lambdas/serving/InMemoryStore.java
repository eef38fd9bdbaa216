package dev.replenish.lambdas.serving;

import dev.replenish.core.featurestore.BoughtTogether;
import dev.replenish.core.featurestore.FeatureLayout;
import dev.replenish.core.featurestore.FeatureStoreReader;
import dev.replenish.core.featurestore.OrderHistory;
import dev.replenish.core.featurestore.Product;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.featurestore.UserHistory;
import dev.replenish.core.serving.ModelVersion;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A feature store held in a map, for tests whose subject is the handler, not DynamoDB (also the
 * local server's, through this module's test jar).
 */
public final class InMemoryStore implements FeatureStoreReader {

    public final Map<Long, UserCandidates> users = new HashMap<>();
    public final Map<Long, Product> products = new HashMap<>();
    public final Map<Long, BoughtTogether> similar = new HashMap<>();
    /** Users' recent orders; a user with candidates but no entry here has an empty history. */
    public final Map<Long, OrderHistory> orders = new HashMap<>();
    /** The store's layout item, if any. */
    public FeatureLayout layout;
    /** Every product id the catalog was asked for, in order. */
    public final java.util.List<Long> productReads = new java.util.ArrayList<>();

    @Override
    public Optional<UserCandidates> candidates(long userId) {
        return Optional.ofNullable(users.get(userId));
    }

    @Override
    public Map<Long, Product> products(Collection<Long> productIds) {
        Map<Long, Product> found = new HashMap<>();
        productReads.addAll(productIds);
        productIds.forEach(id -> Optional.ofNullable(products.get(id)).ifPresent(p -> found.put(id, p)));
        return found;
    }

    @Override
    public Optional<FeatureLayout> layout(String manifestFingerprint) {
        return Optional.ofNullable(layout).filter(l -> l.manifestFingerprint().equals(manifestFingerprint));
    }

    @Override
    public Optional<FeatureLayout> layoutOfRun(String runId) {
        return Optional.ofNullable(layout).filter(l -> l.runId().equals(runId));
    }

    /** A catalog product without a list of its own has an empty one, as the loader writes it. */
    @Override
    public Optional<BoughtTogether> boughtTogether(long productId) {
        if (!products.containsKey(productId)) {
            return Optional.empty();
        }
        return Optional.of(similar.getOrDefault(productId, BoughtTogether.none(productId)));
    }

    @Override
    public Map<Long, BoughtTogether> boughtTogether(Collection<Long> productIds) {
        Map<Long, BoughtTogether> found = new HashMap<>();
        productIds.forEach(id -> boughtTogether(id).ifPresent(list -> found.put(id, list)));
        return found;
    }

    /** The user's orders and, as the user's item holds both, the missions of the user's candidates. */
    @Override
    public Optional<UserHistory> history(long userId) {
        UserCandidates user = users.get(userId);
        if (user == null) {
            return Optional.empty();
        }
        return Optional.of(new UserHistory(userId, user.runId(), orders.getOrDefault(userId, OrderHistory.none(userId)),
                user.missions()));
    }

    /** A scorer whose probability is the first feature of each row: easy to reason about in tests. */
    public static Scorer firstFeatureScorer(ModelVersion version) {
        return new Scorer() {
            @Override
            public ModelVersion version() {
                return version;
            }

            @Override
            public double[] score(float[] rows, int featureCount) {
                double[] p = new double[rows.length / featureCount];
                for (int i = 0; i < p.length; i++) {
                    p[i] = rows[i * featureCount];
                }
                return p;
            }
        };
    }
}
