package dev.replenish.featurestore;

import dev.replenish.core.featurestore.BoughtTogether;
import dev.replenish.core.featurestore.CandidatePacking;
import dev.replenish.core.featurestore.FeatureLayout;
import dev.replenish.core.featurestore.OrderHistory;
import dev.replenish.core.featurestore.Product;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.featurestore.UserHistory;
import dev.replenish.core.missions.MissionProfile;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
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
    /**
     * {@value #FEATURES} compressed as one LZ4 block, stored in its place whenever that is smaller
     * (about half the size at Instacart's shape). Its unpacked length follows from the item:
     * candidates x varying columns x 4 bytes.
     */
    public static final String FEATURES_LZ4 = "features_lz4";
    /** Which features every candidate of the user shares (a bit per manifest column), and their values. */
    public static final String SHARED_COLUMNS = "shared_columns";
    public static final String SHARED_FEATURES = "shared_features";
    /** The user's latest past orders, packed by {@link OrderHistory#pack()}. */
    public static final String RECENT_ORDERS = "recent_orders";
    /** The user's main shopping missions, packed by {@link MissionProfile#pack()} (five bytes a mission). */
    public static final String MISSIONS = "missions";
    /**
     * The feature table's one item that is not a user: the loaded run's feature names, under a user
     * id no user has (ids are positive), so the API can read what each vector position means.
     */
    public static final long LAYOUT_USER_ID = 0;
    public static final String FEATURE_NAMES = "feature_names";
    public static final String EXAMPLE_USERS = "example_users";
    /** The layout's names of the run's missions: a list of maps of {@value #MISSION_ID}, {@value #MISSION_NAME}, {@value #MISSION_ORDER_SHARE}. */
    public static final String MISSION_NAMES = "mission_names";
    static final String MISSION_ID = "id";
    static final String MISSION_NAME = "name";
    static final String MISSION_ORDER_SHARE = "order_share";

    public static final String PRODUCT_ID = "product_id";
    public static final String PRODUCT_NAME = "product_name";
    public static final String AISLE = "aisle";
    public static final String DEPARTMENT = "department";
    /** The product's "bought together" list: packed ids and float32 scores, most similar first. */
    public static final String SIMILAR_PRODUCT_IDS = "similar_product_ids";
    public static final String SIMILAR_SCORES = "similar_scores";

    private FeatureStoreItems() {
    }

    /**
     * The item of one user. A feature with the same value for every candidate (the user's and the
     * order's own features, a source flag no candidate has) is stored once, in {@value #SHARED_FEATURES}
     * with its columns marked in {@value #SHARED_COLUMNS}; {@value #FEATURES} holds the other columns.
     * At Instacart's shape that is about a third of every item: fewer bytes for the engine to write
     * and for DynamoDB to bill (writes are charged per KB). The other columns are then stored
     * LZ4-compressed ({@value #FEATURES_LZ4}) when that is smaller, which halves the item again.
     */
    public static Map<String, AttributeValue> toItem(UserCandidates user) {
        return toItem(user, OrderHistory.none(user.userId()));
    }

    /**
     * The item of one user with the user's recent orders ({@value #RECENT_ORDERS}; absent when there
     * are none) and main missions ({@value #MISSIONS}, from {@link UserCandidates#missions()}; absent
     * when there are none).
     */
    public static Map<String, AttributeValue> toItem(UserCandidates user, OrderHistory recentOrders) {
        if (recentOrders.userId() != user.userId()) {
            throw new IllegalArgumentException("the orders of user " + recentOrders.userId() + " cannot go into user "
                    + user.userId() + "'s item");
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(USER_ID, AttributeValue.fromN(Long.toString(user.userId())));
        item.put(RUN_ID, AttributeValue.fromS(user.runId()));
        item.put(MANIFEST, AttributeValue.fromS(user.manifestFingerprint()));
        item.put(FEATURE_COUNT, AttributeValue.fromN(Integer.toString(user.featureCount())));
        item.put(PRODUCT_IDS, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(CandidatePacking.packProductIds(user.productIds()))));
        int columns = user.featureCount();
        int candidates = user.size();
        float[] features = user.features();
        BitSet shared = new BitSet(columns);
        for (int column = 0; column < columns && candidates > 1; column++) {
            // Raw bits: a NaN (missing) equals a NaN, and -0.0 is kept apart from 0.0.
            int first = Float.floatToRawIntBits(features[column]);
            boolean same = true;
            for (int row = 1; row < candidates && same; row++) {
                same = Float.floatToRawIntBits(features[row * columns + column]) == first;
            }
            shared.set(column, same);
        }
        if (!recentOrders.orders().isEmpty()) {
            item.put(RECENT_ORDERS, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(recentOrders.pack())));
        }
        if (!user.missions().missions().isEmpty()) {
            item.put(MISSIONS, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(user.missions().pack())));
        }
        if (shared.isEmpty()) {
            putFeatures(item, CandidatePacking.packFeatures(features));
            return item;
        }
        int[] varying = varyingColumns(shared, columns);
        float[] sharedValues = new float[shared.cardinality()];
        float[] rows = new float[candidates * varying.length];
        int out = 0;
        for (int row = 0; row < candidates; row++) {
            for (int column : varying) {
                rows[out++] = features[row * columns + column];
            }
        }
        int s = 0;
        for (int column = shared.nextSetBit(0); column >= 0; column = shared.nextSetBit(column + 1)) {
            sharedValues[s++] = features[column];
        }
        putFeatures(item, CandidatePacking.packFeatures(rows));
        item.put(SHARED_COLUMNS, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(shared.toByteArray())));
        item.put(SHARED_FEATURES, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(CandidatePacking.packFeatures(sharedValues))));
        return item;
    }

    /**
     * The user of an item {@link #toItem} wrote (or one from before shared columns: no
     * {@value #SHARED_COLUMNS}; from before compression: {@value #FEATURES}, not
     * {@value #FEATURES_LZ4}; or from before missions: no {@value #MISSIONS}, no missions).
     */
    public static UserCandidates fromItem(Map<String, AttributeValue> item) {
        int columns = Integer.parseInt(item.get(FEATURE_COUNT).n());
        long[] productIds = CandidatePacking.unpackProductIds(item.get(PRODUCT_IDS).b().asByteArrayUnsafe());
        AttributeValue sharedColumns = item.get(SHARED_COLUMNS);
        BitSet shared = sharedColumns == null ? new BitSet() : BitSet.valueOf(sharedColumns.b().asByteArrayUnsafe());
        int varying = columns - shared.cardinality();
        float[] stored = storedFeatures(item, productIds.length * Math.max(0, varying));
        float[] features = stored;
        if (sharedColumns != null) {
            float[] sharedValues = CandidatePacking.unpackFeatures(item.get(SHARED_FEATURES).b().asByteArrayUnsafe());
            if (shared.length() > columns || sharedValues.length != shared.cardinality()
                    || stored.length != productIds.length * varying) {
                throw new IllegalArgumentException("user item " + item.get(USER_ID).n() + ": its shared columns "
                        + shared + " do not fit " + columns + " features and " + productIds.length + " candidates");
            }
            // Every row starts as the shared values in their columns; the row's own values fill the rest.
            float[] template = new float[columns];
            int s = 0;
            for (int column = shared.nextSetBit(0); column >= 0; column = shared.nextSetBit(column + 1)) {
                template[column] = sharedValues[s++];
            }
            int[] varyingColumns = varyingColumns(shared, columns);
            features = new float[productIds.length * columns];
            int in = 0;
            for (int row = 0; row < productIds.length; row++) {
                int start = row * columns;
                System.arraycopy(template, 0, features, start, columns);
                for (int column : varyingColumns) {
                    features[start + column] = stored[in++];
                }
            }
        }
        long userId = Long.parseLong(item.get(USER_ID).n());
        return new UserCandidates(userId, item.get(RUN_ID).s(), item.get(MANIFEST).s(), productIds, features, columns,
                missions(userId, item));
    }

    /** The columns not in {@code shared}, in order. */
    private static int[] varyingColumns(BitSet shared, int columns) {
        int[] varying = new int[columns - shared.cardinality()];
        for (int column = shared.nextClearBit(0), v = 0; v < varying.length; column = shared.nextClearBit(column + 1)) {
            varying[v++] = column;
        }
        return varying;
    }

    // Kept only when smaller: LZ4 grows incompressible bytes a little, and the item limit
    // (CandidatePacking.maxCandidates) is worked out on the unpacked size.
    private static void putFeatures(Map<String, AttributeValue> item, byte[] packed) {
        Lz4Compressor lz4 = new Lz4Compressor();
        byte[] compressed = new byte[lz4.maxCompressedLength(packed.length)];
        int length = lz4.compress(packed, 0, packed.length, compressed, 0, compressed.length);
        if (length < packed.length) {
            item.put(FEATURES_LZ4, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(Arrays.copyOf(compressed, length))));
        } else {
            item.put(FEATURES, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(packed)));
        }
    }

    /**
     * The varying columns' values of a user item; compressed ones must unpack to {@code values}
     * (its candidates x its varying columns).
     */
    private static float[] storedFeatures(Map<String, AttributeValue> item, int values) {
        AttributeValue compressed = item.get(FEATURES_LZ4);
        if (compressed == null) {
            return CandidatePacking.unpackFeatures(item.get(FEATURES).b().asByteArrayUnsafe());
        }
        byte[] block = compressed.b().asByteArrayUnsafe();
        byte[] packed = new byte[values * Float.BYTES];
        int length;
        try {
            length = new Lz4Decompressor().decompress(block, 0, block.length, packed, 0, packed.length);
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException("user item " + item.get(USER_ID).n() + ": " + FEATURES_LZ4
                    + " does not unpack to the " + values + " feature values its candidates and columns need ("
                    + e.getMessage() + ")");
        }
        if (length != packed.length) {
            throw new IllegalArgumentException("user item " + item.get(USER_ID).n() + ": " + FEATURES_LZ4 + " unpacks to "
                    + length + " bytes, not the " + packed.length + " of the " + values
                    + " feature values its candidates and columns need");
        }
        return CandidatePacking.unpackFeatures(packed);
    }

    /** The mission profile of a user item (none for an item loaded without one). */
    public static MissionProfile missions(long userId, Map<String, AttributeValue> item) {
        AttributeValue packed = item.get(MISSIONS);
        return packed == null ? MissionProfile.none() : MissionProfile.unpack(userId, packed.b().asByteArrayUnsafe());
    }

    /** The attributes {@link #history} reads: the key, the run, the orders and the missions, not the vectors. */
    public static final String HISTORY_PROJECTION = String.join(", ", USER_ID, RUN_ID, RECENT_ORDERS, MISSIONS);

    /** The recent orders and missions of a user item, read whole or with {@link #HISTORY_PROJECTION}. */
    public static UserHistory history(Map<String, AttributeValue> item) {
        long userId = Long.parseLong(item.get(USER_ID).n());
        return new UserHistory(userId, item.get(RUN_ID).s(), orderHistory(item), missions(userId, item));
    }

    /** The recent orders of a user item (none for an item loaded without them). */
    public static OrderHistory orderHistory(Map<String, AttributeValue> item) {
        long userId = Long.parseLong(item.get(USER_ID).n());
        AttributeValue packed = item.get(RECENT_ORDERS);
        return packed == null ? OrderHistory.none(userId) : OrderHistory.unpack(userId, packed.b().asByteArrayUnsafe());
    }

    /** The layout item: what the stored vectors of a run mean. */
    public static Map<String, AttributeValue> layoutItem(FeatureLayout layout) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(USER_ID, AttributeValue.fromN(Long.toString(LAYOUT_USER_ID)));
        item.put(RUN_ID, AttributeValue.fromS(layout.runId()));
        item.put(MANIFEST, AttributeValue.fromS(layout.manifestFingerprint()));
        item.put(FEATURE_NAMES, AttributeValue.fromL(layout.featureNames().stream().map(AttributeValue::fromS).toList()));
        item.put(EXAMPLE_USERS, AttributeValue.fromL(layout.exampleUsers().stream()
                .map(user -> AttributeValue.fromN(Long.toString(user))).toList()));
        if (!layout.missions().isEmpty()) {
            item.put(MISSION_NAMES, AttributeValue.fromL(layout.missions().stream().map(mission -> AttributeValue.fromM(Map.of(
                    MISSION_ID, AttributeValue.fromN(Integer.toString(mission.id())),
                    MISSION_NAME, AttributeValue.fromS(mission.name()),
                    MISSION_ORDER_SHARE, AttributeValue.fromN(java.math.BigDecimal.valueOf(mission.orderShare()).toPlainString())))).toList()));
        }
        return item;
    }

    /** The layout of a layout item (one from before example users or missions has none of them). */
    public static FeatureLayout layout(Map<String, AttributeValue> item) {
        AttributeValue examples = item.get(EXAMPLE_USERS);
        AttributeValue missions = item.get(MISSION_NAMES);
        return new FeatureLayout(item.get(RUN_ID).s(), item.get(MANIFEST).s(),
                item.get(FEATURE_NAMES).l().stream().map(AttributeValue::s).toList(),
                examples == null ? List.of() : examples.l().stream().map(user -> Long.parseLong(user.n())).toList(),
                missions == null ? List.of() : missions.l().stream().map(mission -> new FeatureLayout.MissionName(
                        Integer.parseInt(mission.m().get(MISSION_ID).n()), mission.m().get(MISSION_NAME).s(),
                        Double.parseDouble(mission.m().get(MISSION_ORDER_SHARE).n()))).toList());
    }

    /** A product catalog item with no "bought together" list. */
    public static Map<String, AttributeValue> productItem(long productId, String name, String aisle, String department) {
        return productItem(productId, name, aisle, department, BoughtTogether.none(productId));
    }

    /**
     * A product catalog item with its "bought together" list. The list lives in the catalog item
     * rather than a table of its own: the similar-products route then reads one item for the list
     * and the product's own name, the load writes no second table, and with the default 10 similar
     * products per product ({@code candidateSources.similarPerProduct}) the list adds 120 bytes.
     */
    public static Map<String, AttributeValue> productItem(long productId, String name, String aisle, String department,
                                                         BoughtTogether similar) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PRODUCT_ID, AttributeValue.fromN(Long.toString(productId)));
        item.put(PRODUCT_NAME, AttributeValue.fromS(name));
        item.put(AISLE, AttributeValue.fromS(aisle));
        item.put(DEPARTMENT, AttributeValue.fromS(department));
        if (similar.size() > 0) {
            item.put(SIMILAR_PRODUCT_IDS, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(CandidatePacking.packProductIds(similar.similarIds()))));
            item.put(SIMILAR_SCORES, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(CandidatePacking.packFeatures(similar.scores()))));
        }
        return item;
    }

    /** The catalog entry of a product item. */
    public static Product product(Map<String, AttributeValue> item) {
        return new Product(Long.parseLong(item.get(PRODUCT_ID).n()), item.get(PRODUCT_NAME).s(), item.get(AISLE).s(),
                item.get(DEPARTMENT).s());
    }

    /** The "bought together" list of a product item (empty for an item written before it had one). */
    public static BoughtTogether boughtTogether(Map<String, AttributeValue> item) {
        long productId = Long.parseLong(item.get(PRODUCT_ID).n());
        AttributeValue ids = item.get(SIMILAR_PRODUCT_IDS);
        AttributeValue scores = item.get(SIMILAR_SCORES);
        if (ids == null || scores == null) {
            return BoughtTogether.none(productId);
        }
        return new BoughtTogether(productId, CandidatePacking.unpackProductIds(ids.b().asByteArrayUnsafe()),
                CandidatePacking.unpackFeatures(scores.b().asByteArrayUnsafe()));
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
