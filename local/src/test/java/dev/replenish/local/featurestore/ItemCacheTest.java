package dev.replenish.local.featurestore;

import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.featurestore.BatchWriteSettings;
import dev.replenish.featurestore.BatchWriter;
import dev.replenish.featurestore.DynamoFeatureStoreReader;
import dev.replenish.featurestore.FeatureStoreItems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The user item cache of {@code serve}, in front of the real engine (DynamoDB Local embedded). */
class ItemCacheTest {

    @TempDir
    Path work;

    /** A user's item as the load writes it: 70 candidates x 36 features, about 10 KB. */
    private static UserCandidates user(long userId, String runId) {
        long[] products = LongStream.range(0, 70).map(i -> userId * 1_000 + i).toArray();
        float[] features = new float[70 * 36];
        for (int i = 0; i < features.length; i++) {
            features[i] = i % 7 == 0 ? Float.NaN : userId + i / 100f;
        }
        return new UserCandidates(userId, runId, "fingerprint", products, features, 36);
    }

    private static long bytesOf(UserCandidates user) {
        return FeatureStoreItems.itemBytes(FeatureStoreItems.toItem(user));
    }

    private static void load(DynamoDbClient client, List<UserCandidates> users) {
        new BatchWriter(client, LocalDynamoDb.FEATURE_TABLE, BatchWriteSettings.defaults())
                .write(users.stream().map(FeatureStoreItems::toItem).iterator());
    }

    @Test
    void aCachedItemDecodesToTheSameUserAsTheEngineReturnsWithoutTheCache() {
        // GIVEN a store holding three users, written by the engine without a cache
        List<UserCandidates> users = List.of(user(1, "run-a"), user(2, "run-a"), user(3, "run-a"));
        try (LocalDynamoDb dynamo = LocalDynamoDb.start(work); DynamoDbClient client = dynamo.target().newClient()) {
            dynamo.target().createTablesIfMissing(client);
            load(client, users);
        }
        List<UserCandidates> expected;
        try (LocalDynamoDb plain = LocalDynamoDb.start(work); DynamoDbClient client = plain.target().newClient()) {
            DynamoFeatureStoreReader uncached = new DynamoFeatureStoreReader(client, plain.target());
            expected = users.stream().map(u -> uncached.candidates(u.userId()).orElseThrow()).toList();
        }
        // WHEN serve's engine, with a cache, is asked for each user twice through the Lambda's reader
        try (LocalDynamoDb serving = LocalDynamoDb.startServing(work, 1 << 20); DynamoDbClient client = serving.target().newClient()) {
            DynamoFeatureStoreReader reader = new DynamoFeatureStoreReader(client, serving.target());
            List<UserCandidates> first = users.stream().map(u -> reader.candidates(u.userId()).orElseThrow()).toList();
            List<UserCandidates> second = users.stream().map(u -> reader.candidates(u.userId()).orElseThrow()).toList();
            // THEN both rounds decode to exactly the users the uncached engine returned, and as they were written
            assertEquals(expected, first);
            assertEquals(expected, second);
            assertEquals(users, second);
            // AND the second round came from the cache
            ItemCache.Stats stats = serving.userItemCache().orElseThrow();
            assertEquals(3, stats.misses());
            assertEquals(3, stats.hits());
            // AND an unknown user is still unknown (absence is not cached as an item)
            assertTrue(reader.candidates(99).isEmpty());
            assertEquals(3, serving.userItemCache().orElseThrow().items());
        }
    }

    @Test
    void theCacheHoldsNoMoreThanItsBudgetAndDropsTheLeastRecentlyReadUserFirst() {
        try (LocalDynamoDb dynamo = LocalDynamoDb.start(work); DynamoDbClient client = dynamo.target().newClient()) {
            dynamo.target().createTablesIfMissing(client);
            load(client, List.of(user(1, "run-a"), user(2, "run-a"), user(3, "run-a")));
        }
        // GIVEN a budget of two and a half items
        long budget = bytesOf(user(1, "run-a")) * 5 / 2;
        try (LocalDynamoDb serving = LocalDynamoDb.startServing(work, budget); DynamoDbClient client = serving.target().newClient()) {
            DynamoFeatureStoreReader reader = new DynamoFeatureStoreReader(client, serving.target());
            // WHEN users 1 and 2 are read, then 1 again, then 3
            reader.candidates(1);
            reader.candidates(2);
            reader.candidates(1);
            reader.candidates(3);
            // THEN one item was dropped to stay within the budget
            ItemCache.Stats stats = serving.userItemCache().orElseThrow();
            assertEquals(1, stats.evictions());
            assertEquals(2, stats.items());
            assertTrue(stats.bytes() <= budget, stats.bytes() + " bytes over a budget of " + budget);
            // AND it was user 2, read least recently: 1 and 3 are answered from the cache, 2 from the engine
            long hitsBefore = stats.hits();
            long missesBefore = stats.misses();
            reader.candidates(1);
            reader.candidates(3);
            assertEquals(hitsBefore + 2, serving.userItemCache().orElseThrow().hits());
            assertEquals(user(2, "run-a"), reader.candidates(2).orElseThrow());
            assertEquals(missesBefore + 1, serving.userItemCache().orElseThrow().misses());
        }
    }

    @Test
    void loadingANewRunIntoTheEngineDropsEveryCachedItem() {
        try (LocalDynamoDb serving = LocalDynamoDb.startServing(work, 1 << 20); DynamoDbClient client = serving.target().newClient()) {
            serving.target().createTablesIfMissing(client);
            DynamoFeatureStoreReader reader = new DynamoFeatureStoreReader(client, serving.target());
            // GIVEN run A's item for user 1, read once and so cached
            load(client, List.of(user(1, "run-a")));
            assertEquals("run-a", reader.candidates(1).orElseThrow().runId());
            assertEquals(1, serving.userItemCache().orElseThrow().items());
            // WHEN run B is loaded with the load's own writer
            load(client, List.of(user(1, "run-b"), user(2, "run-b")));
            // THEN nothing of run A is left in the cache, and user 1 reads as run B
            assertEquals(0, serving.userItemCache().orElseThrow().items());
            assertEquals(user(1, "run-b"), reader.candidates(1).orElseThrow());
        }
    }

    @Test
    void anItemReadWhileAWriteWasUnderWayIsNotKept() {
        // GIVEN a cache and a read that began before a write (its generation taken before the engine call)
        ItemCache cache = new ItemCache(LocalDynamoDb.FEATURE_TABLE, 1 << 20);
        Map<String, AttributeValue> key = Map.of(FeatureStoreItems.USER_ID, AttributeValue.fromN("1"));
        long readAt = cache.generation();
        // WHEN the write starts before the read's item is handed to the cache
        cache.invalidate();
        cache.put(readAt, key, FeatureStoreItems.toItem(user(1, "run-a")));
        // THEN the possibly older item is not kept
        assertNull(cache.get(key));
        assertEquals(0, cache.stats().items());
        // AND an item read after the write is kept
        cache.put(cache.generation(), key, FeatureStoreItems.toItem(user(1, "run-b")));
        assertEquals("run-b", cache.get(key).get(FeatureStoreItems.RUN_ID).s());
    }
}
