package dev.replenish.core.featurestore;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Packs a user's candidates into two binary attributes: product ids as little-endian int64 and
 * feature vectors as little-endian float32, row-major. XGBoost computes in float32, so the packed
 * vectors score exactly as the training rows did, at a quarter of the size of a JSON number list.
 */
public final class CandidatePacking {

    /** DynamoDB's item limit. */
    public static final int DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;

    /**
     * Room kept for attribute names, the user id, run id, fingerprint and counts, far more than
     * they need, so the limit is never met at run time.
     */
    static final int ITEM_OVERHEAD_BYTES = 4 * 1024;

    private CandidatePacking() {
    }

    public static byte[] packProductIds(long[] productIds) {
        ByteBuffer buffer = ByteBuffer.allocate(productIds.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(productIds);
        return buffer.array();
    }

    public static long[] unpackProductIds(byte[] packed) {
        if (packed.length % Long.BYTES != 0) {
            throw new IllegalArgumentException("packed product ids: " + packed.length + " bytes is not a whole number of int64");
        }
        long[] ids = new long[packed.length / Long.BYTES];
        ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(ids);
        return ids;
    }

    public static byte[] packFeatures(float[] features) {
        ByteBuffer buffer = ByteBuffer.allocate(features.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(features);
        return buffer.array();
    }

    public static float[] unpackFeatures(byte[] packed) {
        if (packed.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("packed features: " + packed.length + " bytes is not a whole number of float32");
        }
        float[] features = new float[packed.length / Float.BYTES];
        ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(features);
        return features;
    }

    /** The most candidates one item can hold for this many features. */
    public static int maxCandidates(int featureCount) {
        return maxCandidates(featureCount, 0);
    }

    /**
     * The most candidates one item can hold for this many features beside {@code otherBytes} of
     * other values (the user's packed recent orders: a few hundred bytes at Instacart's shape, but
     * a source's baskets can be far larger, and the candidates give way to them).
     */
    public static int maxCandidates(int featureCount, int otherBytes) {
        int perCandidate = Long.BYTES + featureCount * Float.BYTES;
        return Math.max(0, DYNAMODB_ITEM_LIMIT_BYTES - ITEM_OVERHEAD_BYTES - otherBytes) / perCandidate;
    }

}
