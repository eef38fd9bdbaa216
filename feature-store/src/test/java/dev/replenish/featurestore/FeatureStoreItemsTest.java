package dev.replenish.featurestore;

import dev.replenish.core.featurestore.CandidatePacking;
import dev.replenish.core.featurestore.UserCandidates;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureStoreItemsTest {

    /** Three candidates x five features: columns 0 and 3 are the same for all (3 is missing for all). */
    private static UserCandidates user() {
        float nan = Float.NaN;
        return new UserCandidates(7, "run-1", "fp-1", new long[]{11, 12, 13}, new float[]{
                4f, 0.5f, 1f, nan, 0f,
                4f, 0.25f, 0f, nan, -0f,
                4f, 0.125f, 1f, nan, 0f}, 5);
    }

    @Test
    void featuresEveryCandidateSharesAreStoredOnceAndReadBackBitForBit() {
        // GIVEN a user whose candidates share two of their five features (a number and a missing value)
        UserCandidates user = user();
        // WHEN written as an item and read back
        Map<String, AttributeValue> item = FeatureStoreItems.toItem(user);
        UserCandidates read = FeatureStoreItems.fromItem(item);
        // THEN every value comes back bit for bit (NaN stays NaN, -0.0 stays apart from 0.0)
        assertEquals(user, read);
        for (int i = 0; i < user.features().length; i++) {
            assertEquals(Float.floatToRawIntBits(user.features()[i]), Float.floatToRawIntBits(read.features()[i]), "value " + i);
        }
        // AND the two shared columns are stored once, beside rows of the other three (fromItem checks
        // the rows' length against the mask)
        assertEquals(java.util.BitSet.valueOf(new long[]{0b1001}),
                java.util.BitSet.valueOf(item.get(FeatureStoreItems.SHARED_COLUMNS).b().asByteArrayUnsafe()));
        assertArrayEquals(new float[]{4f, Float.NaN},
                CandidatePacking.unpackFeatures(item.get(FeatureStoreItems.SHARED_FEATURES).b().asByteArrayUnsafe()));
        // (column 4 differs only by the sign of zero, so it is not shared)
    }

    @Test
    void aUserWithNothingSharedOrOneCandidateKeepsTheFullRows() {
        // GIVEN a single-candidate user, and two candidates that differ in every feature
        UserCandidates single = new UserCandidates(8, "run-1", "fp-1", new long[]{11}, new float[]{1f, 2f}, 2);
        UserCandidates distinct = new UserCandidates(9, "run-1", "fp-1", new long[]{11, 12}, new float[]{1f, 2f, 3f, 4f}, 2);
        for (UserCandidates user : new UserCandidates[]{single, distinct}) {
            // WHEN written
            Map<String, AttributeValue> item = FeatureStoreItems.toItem(user);
            // THEN the item has no shared columns and reads back the same
            assertFalse(item.containsKey(FeatureStoreItems.SHARED_COLUMNS));
            assertEquals(user, FeatureStoreItems.fromItem(item));
        }
    }

    @Test
    void anItemWrittenBeforeSharedColumnsStillReads() {
        // GIVEN an item in the earlier layout: every row whole and plain, no shared attributes
        UserCandidates user = user();
        Map<String, AttributeValue> item = new HashMap<>(FeatureStoreItems.toItem(user));
        item.remove(FeatureStoreItems.SHARED_COLUMNS);
        item.remove(FeatureStoreItems.SHARED_FEATURES);
        item.remove(FeatureStoreItems.FEATURES_LZ4);
        item.put(FeatureStoreItems.FEATURES, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(
                CandidatePacking.packFeatures(user.features()))));
        // THEN it reads as before
        assertEquals(user, FeatureStoreItems.fromItem(item));
    }

    @Test
    void onInstacartShapedUsersTheItemShrinksByTheSharedColumns() {
        // GIVEN 60 candidates x 52 features, of which 20 (the user's and order's own, and flags no
        // candidate has) are the same for every candidate
        Random random = new Random(3);
        int candidates = 60;
        int columns = 52;
        float[] features = new float[candidates * columns];
        for (int row = 0; row < candidates; row++) {
            for (int column = 0; column < columns; column++) {
                features[row * columns + column] = column < 20 ? column * 1.5f : random.nextFloat();
            }
        }
        UserCandidates user = new UserCandidates(10, "run-1", "fp-1", new long[candidates], features, columns);
        // WHEN written
        Map<String, AttributeValue> item = FeatureStoreItems.toItem(user);
        // THEN it is about 20/52 smaller than the whole rows, and reads back the same
        long whole = candidates * (Long.BYTES + columns * Float.BYTES);
        long written = FeatureStoreItems.itemBytes(item);
        assertTrue(written < whole * 0.7, written + " bytes against " + whole);
        assertEquals(user, FeatureStoreItems.fromItem(item));
    }

    @Test
    void sharedColumnsThatDoNotFitTheRowsAreRefused() {
        // GIVEN an item whose shared-column mask claims a column the rows also hold
        Map<String, AttributeValue> item = new HashMap<>(FeatureStoreItems.toItem(user()));
        item.put(FeatureStoreItems.SHARED_COLUMNS, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(new byte[]{0b111})));
        // THEN reading it says so, naming the user, instead of scoring shifted columns
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> FeatureStoreItems.fromItem(item));
        assertTrue(error.getMessage().contains("user item 7"), error.getMessage());
    }

    /** 200 candidates x 12 features drawn from a few values, as counts and flags are: LZ4 halves them. */
    private static UserCandidates compressibleUser() {
        Random random = new Random(5);
        float[] values = {0f, 1f, 2f, 0.5f, Float.NaN, -0f, 3.25f};
        int candidates = 200;
        int columns = 12;
        float[] features = new float[candidates * columns];
        long[] products = new long[candidates];
        for (int row = 0; row < candidates; row++) {
            products[row] = 1000 + row;
            for (int column = 0; column < columns; column++) {
                features[row * columns + column] = values[random.nextInt(values.length)];
            }
        }
        return new UserCandidates(21, "run-1", "fp-1", products, features, columns);
    }

    @Test
    void compressibleVectorsAreStoredAsAnLz4BlockAndReadBackBitForBit() {
        // GIVEN a user whose feature values repeat (counts, flags, missing values, -0.0)
        UserCandidates user = compressibleUser();
        // WHEN written as an item and read back
        Map<String, AttributeValue> item = FeatureStoreItems.toItem(user);
        UserCandidates read = FeatureStoreItems.fromItem(item);
        // THEN the vectors are stored compressed in place of the plain ones, in under 60 % of their bytes
        assertFalse(item.containsKey(FeatureStoreItems.FEATURES));
        int plain = user.size() * user.featureCount() * Float.BYTES;
        int stored = item.get(FeatureStoreItems.FEATURES_LZ4).b().asByteArrayUnsafe().length;
        assertTrue(stored < plain * 0.6, stored + " bytes against " + plain);
        // AND every value comes back bit for bit
        assertEquals(user, read);
        for (int i = 0; i < user.features().length; i++) {
            assertEquals(Float.floatToRawIntBits(user.features()[i]), Float.floatToRawIntBits(read.features()[i]), "value " + i);
        }
    }

    @Test
    void vectorsThatDoNotCompressAreStoredPlain() {
        // GIVEN a user whose feature values are all different (random floats)
        Random random = new Random(9);
        float[] features = new float[50 * 8];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextFloat();
        }
        UserCandidates user = new UserCandidates(22, "run-1", "fp-1", new long[50], features, 8);
        // WHEN written
        Map<String, AttributeValue> item = FeatureStoreItems.toItem(user);
        // THEN the plain vectors are kept (LZ4 would only add bytes), and they read back the same
        assertFalse(item.containsKey(FeatureStoreItems.FEATURES_LZ4));
        assertEquals(features.length * Float.BYTES, item.get(FeatureStoreItems.FEATURES).b().asByteArrayUnsafe().length);
        assertEquals(user, FeatureStoreItems.fromItem(item));
    }

    @Test
    void aCompressedBlockThatIsNotLz4IsRefusedNamingTheUserAndAttribute() {
        // GIVEN a compressed item whose block was overwritten with bytes that are not LZ4
        Map<String, AttributeValue> item = new HashMap<>(FeatureStoreItems.toItem(compressibleUser()));
        byte[] garbage = new byte[300];
        new Random(1).nextBytes(garbage);
        garbage[0] = (byte) 0xff;
        item.put(FeatureStoreItems.FEATURES_LZ4, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(garbage)));
        // THEN reading it is an error that names the user and the attribute, not a stack of LZ4 internals
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> FeatureStoreItems.fromItem(item));
        assertTrue(error.getMessage().contains("user item 21"), error.getMessage());
        assertTrue(error.getMessage().contains(FeatureStoreItems.FEATURES_LZ4), error.getMessage());
    }

    @Test
    void aCompressedBlockShorterThanItsCandidatesNeedIsRefused() {
        // GIVEN a compressed item that claims one candidate more than its block holds values for
        UserCandidates user = compressibleUser();
        Map<String, AttributeValue> item = new HashMap<>(FeatureStoreItems.toItem(user));
        long[] oneMore = java.util.Arrays.copyOf(user.productIds(), user.size() + 1);
        item.put(FeatureStoreItems.PRODUCT_IDS, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(CandidatePacking.packProductIds(oneMore))));
        // THEN reading it says the block is too short for them, instead of scoring zeros
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> FeatureStoreItems.fromItem(item));
        assertTrue(error.getMessage().contains("user item 21") && error.getMessage().contains(FeatureStoreItems.FEATURES_LZ4),
                error.getMessage());
    }
}
