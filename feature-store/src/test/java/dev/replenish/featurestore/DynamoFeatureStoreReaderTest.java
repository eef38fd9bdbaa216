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
}
