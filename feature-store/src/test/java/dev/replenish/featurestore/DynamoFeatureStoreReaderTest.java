package dev.replenish.featurestore;

import dev.replenish.core.featurestore.BoughtTogether;
import dev.replenish.core.featurestore.FeatureLayout;
import dev.replenish.core.featurestore.Product;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The API's reader against the real engine (DynamoDB Local). */
class DynamoFeatureStoreReaderTest {

    private final DynamoTarget target = new DynamoTarget("rf_" + UUID.randomUUID().toString().substring(0, 8),
            "rp_" + UUID.randomUUID().toString().substring(0, 8), SharedDynamoDb.clients());

    @Test
    void aProductsBoughtTogetherListIsReadBackInRankOrderAndAProductWithoutOneHasAnEmptyList() {
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // GIVEN Banana (1) written with its list (2 then 3) and Milk (2) written with none, as the load writes them
            new BatchWriter(client, target.productTable(), BatchWriteSettings.defaults()).write(List.of(
                    FeatureStoreItems.productItem(1, "Banana", "fresh fruits", "produce",
                            new BoughtTogether(1, new long[]{2, 3}, new float[]{0.5f, 0.125f})),
                    FeatureStoreItems.productItem(2, "Milk", "milk", "dairy eggs")).iterator());
            DynamoFeatureStoreReader reader = new DynamoFeatureStoreReader(client, target);
            // WHEN the lists are read
            BoughtTogether banana = reader.boughtTogether(1).orElseThrow();
            BoughtTogether milk = reader.boughtTogether(2).orElseThrow();
            // THEN Banana's list is as written, Milk's is empty, and a product not in the catalog has none at all
            assertArrayEquals(new long[]{2, 3}, banana.similarIds());
            assertArrayEquals(new float[]{0.5f, 0.125f}, banana.scores());
            assertEquals(0, milk.size());
            assertEquals(Optional.empty(), reader.boughtTogether(99));
            // AND the catalog entries read alongside are the same as a names lookup gives
            assertEquals(Map.of(1L, new Product(1, "Banana", "fresh fruits", "produce")), reader.products(List.of(1L)));
        }
    }

    @Test
    void theLayoutIsFoundForItsFingerprintAndReadAgainWhenALoadBringsAnother() {
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            BatchWriter writer = new BatchWriter(client, target.featureTable(), BatchWriteSettings.defaults());
            DynamoFeatureStoreReader reader = new DynamoFeatureStoreReader(client, target);
            // GIVEN no layout item yet THEN none is found
            assertEquals(Optional.empty(), reader.layout("fp-a"));
            // GIVEN run a's layout WHEN asked for its fingerprint THEN its names, and nothing for another fingerprint
            FeatureLayout a = new FeatureLayout("run-a", "fp-a", List.of("x", "y"), List.of(3L, 7L));
            writer.write(List.of(FeatureStoreItems.layoutItem(a)).iterator());
            assertEquals(Optional.of(a), reader.layout("fp-a"));
            assertEquals(Optional.empty(), reader.layout("fp-b"));
            // WHEN run b's load replaces it THEN a user of run b finds b's names
            FeatureLayout b = new FeatureLayout("run-b", "fp-b", List.of("x", "y", "z"), List.of());
            writer.write(List.of(FeatureStoreItems.layoutItem(b)).iterator());
            assertEquals(Optional.of(b), reader.layout("fp-b"));
        }
    }

    @Test
    void theBoughtTogetherListsOfAWholeCartAreReadInBatchesAndUnknownProductsAreLeftOut() {
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // GIVEN 250 catalog products (more than one BatchGetItem takes), product p listing p + 1000
            List<java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> items = new java.util.ArrayList<>();
            for (long p = 1; p <= 250; p++) {
                items.add(FeatureStoreItems.productItem(p, "product " + p, "aisle", "department",
                        new BoughtTogether(p, new long[]{p + 1000}, new float[]{p / 1000f})));
            }
            new BatchWriter(client, target.productTable(), BatchWriteSettings.defaults()).write(items.iterator());
            DynamoFeatureStoreReader reader = new DynamoFeatureStoreReader(client, target);
            // WHEN a cart of all 250, one of them twice, and an unknown id is read
            List<Long> cart = new java.util.ArrayList<>(java.util.stream.LongStream.rangeClosed(1, 250).boxed().toList());
            cart.add(7L);
            cart.add(9999L);
            Map<Long, BoughtTogether> lists = reader.boughtTogether(cart);
            // THEN every known product's list is there, as written, and the unknown one is absent
            assertEquals(250, lists.size());
            assertArrayEquals(new long[]{1200}, lists.get(200L).similarIds());
            assertArrayEquals(new float[]{0.2f}, lists.get(200L).scores());
            assertEquals(false, lists.containsKey(9999L));
        }
    }

    @Test
    void aUsersRecentOrdersAreReadFromTheUsersItemAndAnItemWithoutThemHasNone() {
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // GIVEN user 5's item written with two orders, and user 6's without any
            dev.replenish.core.featurestore.UserCandidates five = new dev.replenish.core.featurestore.UserCandidates(
                    5, "run-a", "fp-a", new long[]{10, 20}, new float[]{0.5f, 0.25f}, 1);
            dev.replenish.core.featurestore.OrderHistory history = new dev.replenish.core.featurestore.OrderHistory(5, List.of(
                    new dev.replenish.core.featurestore.PastOrder(3_000_000_001L, 40, 6, 23, 30.0, new long[]{49688, 10}),
                    new dev.replenish.core.featurestore.PastOrder(17, 1, null, null, null, new long[]{20})));
            new BatchWriter(client, target.featureTable(), BatchWriteSettings.defaults()).write(List.of(
                    FeatureStoreItems.toItem(five, history),
                    FeatureStoreItems.toItem(new dev.replenish.core.featurestore.UserCandidates(
                            6, "run-a", "fp-a", new long[]{10}, new float[]{0.5f}, 1))).iterator());
            DynamoFeatureStoreReader reader = new DynamoFeatureStoreReader(client, target);
            // WHEN their orders are read
            // THEN user 5's are the orders written, user 6 has none, and a user without an item is unknown
            assertEquals(Optional.of(history), reader.recentOrders(5));
            assertEquals(Optional.of(dev.replenish.core.featurestore.OrderHistory.none(6)), reader.recentOrders(6));
            assertEquals(Optional.empty(), reader.recentOrders(7));
            // AND the same item still gives user 5's candidates
            assertEquals(Optional.of(five), reader.candidates(5));
        }
    }
}
