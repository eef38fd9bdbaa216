package dev.replenish.featurestore;

import dev.replenish.core.featurestore.CandidatePacking;
import dev.replenish.core.featurestore.UserCandidates;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;

/**
 * The DynamoDB item layouts of the feature store and the product catalog: the one place that
 * names their attributes, used by the loader here and by the API's reader.
 */
public final class FeatureStoreItems {

    public static final String USER_ID = "user_id";
    public static final String RUN_ID = "run_id";
    public static final String MANIFEST = "manifest_fingerprint";
    public static final String FEATURE_COUNT = "feature_count";
    public static final String PRODUCT_IDS = "product_ids";
    public static final String FEATURES = "features";

    public static final String PRODUCT_ID = "product_id";
    public static final String PRODUCT_NAME = "product_name";
    public static final String AISLE = "aisle";
    public static final String DEPARTMENT = "department";

    private FeatureStoreItems() {
    }

    public static Map<String, AttributeValue> toItem(UserCandidates user) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(USER_ID, AttributeValue.fromN(Long.toString(user.userId())));
        item.put(RUN_ID, AttributeValue.fromS(user.runId()));
        item.put(MANIFEST, AttributeValue.fromS(user.manifestFingerprint()));
        item.put(FEATURE_COUNT, AttributeValue.fromN(Integer.toString(user.featureCount())));
        item.put(PRODUCT_IDS, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(CandidatePacking.packProductIds(user.productIds()))));
        item.put(FEATURES, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(CandidatePacking.packFeatures(user.features()))));
        return item;
    }

    public static UserCandidates fromItem(Map<String, AttributeValue> item) {
        return new UserCandidates(
                Long.parseLong(item.get(USER_ID).n()),
                item.get(RUN_ID).s(),
                item.get(MANIFEST).s(),
                CandidatePacking.unpackProductIds(item.get(PRODUCT_IDS).b().asByteArrayUnsafe()),
                CandidatePacking.unpackFeatures(item.get(FEATURES).b().asByteArrayUnsafe()),
                Integer.parseInt(item.get(FEATURE_COUNT).n()));
    }

    /** A product catalog item. */
    public static Map<String, AttributeValue> productItem(long productId, String name, String aisle, String department) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PRODUCT_ID, AttributeValue.fromN(Long.toString(productId)));
        item.put(PRODUCT_NAME, AttributeValue.fromS(name));
        item.put(AISLE, AttributeValue.fromS(aisle));
        item.put(DEPARTMENT, AttributeValue.fromS(department));
        return item;
    }

    /** Bytes DynamoDB counts for an item: attribute names plus values. */
    public static long itemBytes(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            bytes += attribute.getKey().length();
            AttributeValue value = attribute.getValue();
            if (value.s() != null) {
                bytes += value.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            } else if (value.n() != null) {
                bytes += value.n().length();
            } else if (value.b() != null) {
                bytes += value.b().asByteArrayUnsafe().length;
            }
        }
        return bytes;
    }
}
