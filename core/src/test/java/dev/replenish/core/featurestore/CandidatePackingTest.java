package dev.replenish.core.featurestore;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandidatePackingTest {

    @Test
    void idsAndFeatureVectorsRoundTripBitForBitIncludingMissingValues() {
        // GIVEN ids at the 64-bit limit and features with NaN (missing), negative zero and extremes
        long[] ids = {1L, Long.MAX_VALUE, 49_688L};
        float[] features = {0.5f, Float.NaN, -0.0f, Float.MAX_VALUE, 1e-30f, 3f};
        // WHEN packed and unpacked
        long[] idsBack = CandidatePacking.unpackProductIds(CandidatePacking.packProductIds(ids));
        float[] featuresBack = CandidatePacking.unpackFeatures(CandidatePacking.packFeatures(features));
        // THEN every value is identical, bit for bit
        assertArrayEquals(ids, idsBack);
        for (int i = 0; i < features.length; i++) {
            assertEquals(Float.floatToRawIntBits(features[i]), Float.floatToRawIntBits(featuresBack[i]), "feature " + i);
        }
        // AND the sizes are 8 bytes an id and 4 a feature
        assertEquals(24, CandidatePacking.packProductIds(ids).length);
        assertEquals(24, CandidatePacking.packFeatures(features).length);
    }

    @Test
    void theCandidateLimitKeepsAFullItemUnderDynamoDbsFourHundredKilobytes() {
        // GIVEN 50 features per candidate
        int limit = CandidatePacking.maxCandidates(50);
        // THEN that many candidates pack under 400 KB with room to spare, and one more per 208 bytes would not
        int bytes = limit * (8 + 50 * 4);
        assertTrue(bytes <= 400 * 1024 - 4 * 1024, "bytes " + bytes);
        assertTrue((limit + 20) * (8 + 50 * 4) > 400 * 1024 - 4 * 1024);
    }

    @Test
    void otherBytesInTheItemTakeRoomFromTheCandidatesNeverBeyondTheLimit() {
        // GIVEN 50 features per candidate (208 bytes) and 10 KB of recent orders beside them
        int withoutOrders = CandidatePacking.maxCandidates(50);
        int withOrders = CandidatePacking.maxCandidates(50, 10_000);
        // THEN the candidates and the orders together stay within the room the item keeps for them
        assertTrue(withOrders * (8 + 50 * 4) + 10_000 <= 400 * 1024 - 4 * 1024, "candidates " + withOrders);
        // AND only about as many candidates as the orders' bytes hold give way, not more
        assertTrue(withoutOrders - withOrders <= 10_000 / (8 + 50 * 4) + 1, withoutOrders + " -> " + withOrders);
        // AND orders that fill the item leave room for no candidate, never a negative count
        assertEquals(0, CandidatePacking.maxCandidates(50, 400 * 1024));
    }

    @Test
    void corruptPackedBytesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CandidatePacking.unpackProductIds(new byte[7]));
        assertThrows(IllegalArgumentException.class, () -> CandidatePacking.unpackFeatures(new byte[5]));
    }

    @Test
    void aUserWhoseVectorsDoNotMatchTheCandidateCountIsRefused() {
        // GIVEN 2 candidates with 3 features but only 5 values
        // THEN it cannot be built
        assertThrows(IllegalArgumentException.class,
                () -> new UserCandidates(1, "r", "f", new long[]{1, 2}, new float[5], 3));
    }
}
