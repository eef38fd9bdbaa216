package dev.replenish.featurestore;

import dev.replenish.core.featurestore.BoughtTogether;
import dev.replenish.core.featurestore.FeatureLayout;
import dev.replenish.core.featurestore.FeatureStoreReader;
import dev.replenish.core.featurestore.Product;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.featurestore.UserHistory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the feature store: one GetItem per user; product names with BatchGetItem. The catalog
 * (about 50 k small items) changes only with a pipeline run, so names once read are kept in
 * memory for the life of the Lambda container, up to {@link #CATALOG_CACHE_LIMIT} entries.
 */
public final class DynamoFeatureStoreReader implements FeatureStoreReader {

    /** BatchGetItem reads at most 100 keys per call. */
    private static final int KEYS_PER_CALL = 100;
    static final int CATALOG_CACHE_LIMIT = 200_000;
    private static final int MAX_BATCH_ATTEMPTS = 5;
    /**
     * After the layout item turned out to be another run's than the one asked for, how long before
     * it is read again for that run: while a load is under way (it writes the layout last), or for a
     * user item left from an earlier run, every request of such a user would otherwise read it.
     */
    static final Duration LAYOUT_RECHECK = Duration.ofSeconds(1);

    private final DynamoDbClient client;
    private final DynamoTarget target;
    private final long layoutRecheckNanos;
    private final Map<Long, Product> catalogCache = new ConcurrentHashMap<>();
    private volatile FeatureLayout layout;
    /** The run whose layout was last asked for and not found, and when (System.nanoTime). */
    private volatile RunMiss runMiss;

    private record RunMiss(String runId, long at) {
    }

    public DynamoFeatureStoreReader(DynamoDbClient client, DynamoTarget target) {
        this(client, target, LAYOUT_RECHECK);
    }

    DynamoFeatureStoreReader(DynamoDbClient client, DynamoTarget target, Duration layoutRecheck) {
        this.client = client;
        this.target = target;
        this.layoutRecheckNanos = layoutRecheck.toNanos();
    }

    @Override
    public Optional<UserCandidates> candidates(long userId) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(target.featureTable())
                .key(Map.of(FeatureStoreItems.USER_ID, AttributeValue.fromN(Long.toString(userId))))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(FeatureStoreItems.fromItem(item));
    }

    @Override
    public Map<Long, Product> products(Collection<Long> productIds) {
        Map<Long, Product> found = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (Long id : productIds) {
            Product cached = catalogCache.get(id);
            if (cached != null) {
                found.put(id, cached);
            } else {
                missing.add(id);
            }
        }
        for (int from = 0; from < missing.size(); from += KEYS_PER_CALL) {
            List<Map<String, AttributeValue>> keys = missing.subList(from, Math.min(missing.size(), from + KEYS_PER_CALL))
                    .stream().distinct()
                    .map(id -> Map.of(FeatureStoreItems.PRODUCT_ID, AttributeValue.fromN(Long.toString(id)))).toList();
            for (Map<String, AttributeValue> item : batchGet(keys)) {
                Product product = FeatureStoreItems.product(item);
                found.put(product.productId(), product);
                remember(product);
            }
        }
        return found;
    }

    private void remember(Product product) {
        if (catalogCache.size() < CATALOG_CACHE_LIMIT) {
            catalogCache.put(product.productId(), product);
        }
    }

    /**
     * The layout item is read again only when a user's fingerprint differs from the one held: a new
     * load changes every user's fingerprint at once, so one read per load per container.
     */
    @Override
    public Optional<FeatureLayout> layout(String manifestFingerprint) {
        FeatureLayout held = layout;
        if (held == null || !held.manifestFingerprint().equals(manifestFingerprint)) {
            held = readLayout();
        }
        return Optional.ofNullable(held).filter(found -> found.manifestFingerprint().equals(manifestFingerprint));
    }

    /**
     * As {@link #layout(String)}, but the held layout is read again when a user's item is of another
     * run (a new load of the same feature set keeps the fingerprint and renumbers the missions); a
     * run not found is not looked for again within {@link #LAYOUT_RECHECK}.
     */
    @Override
    public Optional<FeatureLayout> layoutOfRun(String runId) {
        FeatureLayout held = layout;
        if (held != null && held.runId().equals(runId)) {
            return Optional.of(held);
        }
        RunMiss missed = runMiss;
        long now = System.nanoTime();
        if (missed != null && missed.runId().equals(runId) && now - missed.at() < layoutRecheckNanos) {
            return Optional.empty();
        }
        held = readLayout();
        if (held != null && held.runId().equals(runId)) {
            return Optional.of(held);
        }
        runMiss = new RunMiss(runId, now);
        return Optional.empty();
    }

    private FeatureLayout readLayout() {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(target.featureTable())
                .key(Map.of(FeatureStoreItems.USER_ID, AttributeValue.fromN(Long.toString(FeatureStoreItems.LAYOUT_USER_ID))))).item();
        FeatureLayout found = item == null || item.isEmpty() ? null : FeatureStoreItems.layout(item);
        layout = found;
        return found;
    }

    @Override
    public Optional<BoughtTogether> boughtTogether(long productId) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(target.productTable())
                .key(Map.of(FeatureStoreItems.PRODUCT_ID, AttributeValue.fromN(Long.toString(productId))))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        remember(FeatureStoreItems.product(item));
        return Optional.of(FeatureStoreItems.boughtTogether(item));
    }

    @Override
    public Map<Long, BoughtTogether> boughtTogether(Collection<Long> productIds) {
        List<Long> ids = productIds.stream().distinct().toList();
        Map<Long, BoughtTogether> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += KEYS_PER_CALL) {
            List<Map<String, AttributeValue>> keys = ids.subList(from, Math.min(ids.size(), from + KEYS_PER_CALL)).stream()
                    .map(id -> Map.of(FeatureStoreItems.PRODUCT_ID, AttributeValue.fromN(Long.toString(id)))).toList();
            for (Map<String, AttributeValue> item : batchGet(keys)) {
                remember(FeatureStoreItems.product(item));
                BoughtTogether similar = FeatureStoreItems.boughtTogether(item);
                found.put(similar.productId(), similar);
            }
        }
        return found;
    }

    /** Reads only the orders, missions and run of the user's item: its candidate vectors are most of its bytes. */
    @Override
    public Optional<UserHistory> history(long userId) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(target.featureTable())
                .key(Map.of(FeatureStoreItems.USER_ID, AttributeValue.fromN(Long.toString(userId))))
                .projectionExpression(FeatureStoreItems.HISTORY_PROJECTION)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(FeatureStoreItems.history(item));
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, KeysAndAttributes> request = Map.of(target.productTable(), KeysAndAttributes.builder().keys(keys).build());
        for (int attempt = 1; !request.isEmpty(); attempt++) {
            Map<String, KeysAndAttributes> pending = request;
            BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(pending));
            items.addAll(response.responses().getOrDefault(target.productTable(), List.of()));
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            if (!request.isEmpty() && attempt == MAX_BATCH_ATTEMPTS) {
                // Names are decoration: the prediction is still answered, with ids where names are missing.
                break;
            }
        }
        return items;
    }
}
