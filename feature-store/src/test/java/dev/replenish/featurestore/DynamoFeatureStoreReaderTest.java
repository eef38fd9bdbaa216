package dev.replenish.featurestore;

import dev.replenish.core.featurestore.BoughtTogether;
import dev.replenish.core.featurestore.FeatureLayout;
import dev.replenish.core.featurestore.OrderHistory;
import dev.replenish.core.featurestore.PastOrder;
import dev.replenish.core.featurestore.Product;
import dev.replenish.core.featurestore.UserCandidates;
import dev.replenish.core.featurestore.UserHistory;
import dev.replenish.core.missions.MissionProfile;
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
    void aUsersRecentOrdersAndMissionsAreReadFromTheUsersItemAndAnItemWithoutThemHasNone() {
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // GIVEN user 5's item written with two orders and three missions, and user 6's without either
            MissionProfile missions = new MissionProfile(List.of(new MissionProfile.MissionShare(3, 0.5),
                    new MissionProfile.MissionShare(1, 0.25), new MissionProfile.MissionShare(7, 0.125)));
            UserCandidates five = new UserCandidates(5, "run-a", "fp-a", new long[]{10, 20}, new float[]{0.5f, 0.25f}, 1, missions);
            OrderHistory history = new OrderHistory(5, List.of(
                    new PastOrder(3_000_000_001L, 40, 6, 23, 30.0, new long[]{49688, 10}),
                    new PastOrder(17, 1, null, null, null, new long[]{20})));
            new BatchWriter(client, target.featureTable(), BatchWriteSettings.defaults()).write(List.of(
                    FeatureStoreItems.toItem(five, history),
                    FeatureStoreItems.toItem(new UserCandidates(6, "run-a", "fp-a", new long[]{10}, new float[]{0.5f}, 1))).iterator());
            DynamoFeatureStoreReader reader = new DynamoFeatureStoreReader(client, target);
            // WHEN their histories are read
            // THEN user 5's are the orders and missions written, with the run that loaded them; user 6 has
            // none of either, and a user without an item is unknown
            assertEquals(Optional.of(new UserHistory(5, "run-a", history, missions)), reader.history(5));
            assertEquals(Optional.of(new UserHistory(6, "run-a", OrderHistory.none(6), MissionProfile.none())), reader.history(6));
            assertEquals(Optional.empty(), reader.history(7));
            // AND the one read of user 5's candidates carries the same missions, in the order written
            UserCandidates read = reader.candidates(5).orElseThrow();
            assertEquals(five, read);
            assertEquals(List.of(3, 1, 7), read.missions().missions().stream().map(MissionProfile.MissionShare::mission).toList());
            assertEquals(MissionProfile.none(), reader.candidates(6).orElseThrow().missions());
        }
    }

    @Test
    void theHistoryReadLeavesTheCandidateVectorsInTheItem() {
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            // GIVEN a user item with missions and vectors
            UserCandidates user = new UserCandidates(5, "run-a", "fp-a", new long[]{10, 20}, new float[]{0.5f, 0.25f}, 1,
                    new MissionProfile(List.of(new MissionProfile.MissionShare(2, 0.75))));
            new BatchWriter(client, target.featureTable(), BatchWriteSettings.defaults()).write(
                    List.of(FeatureStoreItems.toItem(user)).iterator());
            // WHEN it is read with the history's projection
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = client.getItem(b -> b
                    .tableName(target.featureTable()).key(Map.of(FeatureStoreItems.USER_ID,
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("5")))
                    .projectionExpression(FeatureStoreItems.HISTORY_PROJECTION)).item();
            // THEN only the key, the run and the missions come back (the item has no orders): no product ids or features
            assertEquals(java.util.Set.of(FeatureStoreItems.USER_ID, FeatureStoreItems.RUN_ID, FeatureStoreItems.MISSIONS),
                    item.keySet());
        }
    }

    @Test
    void theLayoutNamesItsRunsMissionsAndALayoutWrittenBeforeMissionsNamesNone() {
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            BatchWriter writer = new BatchWriter(client, target.featureTable(), BatchWriteSettings.defaults());
            // GIVEN run a's layout naming two missions
            FeatureLayout a = new FeatureLayout("run-a", "fp-a", List.of("x"), List.of(3L), List.of(
                    new FeatureLayout.MissionName(1, "fresh fruits & fresh vegetables", 0.375),
                    new FeatureLayout.MissionName(2, "soft drinks & chips pretzels", 0.0625)));
            writer.write(List.of(FeatureStoreItems.layoutItem(a)).iterator());
            // WHEN it is read THEN the names, ids and shares are as written
            assertEquals(Optional.of(a), new DynamoFeatureStoreReader(client, target).layout("fp-a"));
            assertEquals(Map.of(1, "fresh fruits & fresh vegetables", 2, "soft drinks & chips pretzels"),
                    new DynamoFeatureStoreReader(client, target).layoutOfRun("run-a").orElseThrow().missionNames());
            // AND a layout item as an earlier load wrote it (no mission names) reads as naming none
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> old =
                    new java.util.HashMap<>(FeatureStoreItems.layoutItem(a));
            old.remove(FeatureStoreItems.MISSION_NAMES);
            writer.write(List.of(old).iterator());
            assertEquals(List.of(), new DynamoFeatureStoreReader(client, target).layout("fp-a").orElseThrow().missions());
        }
    }

    @Test
    void theLayoutOfARunIsReadAgainWhenANewLoadOfTheSameFeaturesBringsAnotherRun() {
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            BatchWriter writer = new BatchWriter(client, target.featureTable(), BatchWriteSettings.defaults());
            // GIVEN run a's layout, held by a reader that looks again for a missing run at once
            FeatureLayout a = new FeatureLayout("run-a", "fp", List.of("x"), List.of(),
                    List.of(new FeatureLayout.MissionName(1, "produce", 0.5)));
            writer.write(List.of(FeatureStoreItems.layoutItem(a)).iterator());
            DynamoFeatureStoreReader reader = new DynamoFeatureStoreReader(client, target, java.time.Duration.ZERO);
            assertEquals(Optional.of(a), reader.layoutOfRun("run-a"));
            // WHEN run b's load (same features, so the same fingerprint) is under way: its layout not yet written
            // THEN run b has no layout yet, and run a's still answers its users
            assertEquals(Optional.empty(), reader.layoutOfRun("run-b"));
            // WHEN run b's layout is written, its mission 1 being another mission
            FeatureLayout b = new FeatureLayout("run-b", "fp", List.of("x"), List.of(),
                    List.of(new FeatureLayout.MissionName(1, "snacks", 0.5)));
            writer.write(List.of(FeatureStoreItems.layoutItem(b)).iterator());
            // THEN a user of run b finds b's names, though the fingerprint is the one held, and run a's are gone
            assertEquals(Optional.of(b), reader.layoutOfRun("run-b"));
            assertEquals(Optional.of(b), reader.layout("fp"));
            assertEquals(Optional.empty(), reader.layoutOfRun("run-a"));
        }
    }

    @Test
    void aRunWhoseLayoutWasNotFoundIsNotLookedForAgainAtOnce() {
        try (DynamoDbClient client = target.newClient()) {
            target.createTablesIfMissing(client);
            BatchWriter writer = new BatchWriter(client, target.featureTable(), BatchWriteSettings.defaults());
            // GIVEN a reader that looks again for a missing run after an hour, and asked for run b's layout
            // before it was written
            DynamoFeatureStoreReader reader = new DynamoFeatureStoreReader(client, target, java.time.Duration.ofHours(1));
            assertEquals(Optional.empty(), reader.layoutOfRun("run-b"));
            FeatureLayout b = new FeatureLayout("run-b", "fp", List.of("x"), List.of());
            writer.write(List.of(FeatureStoreItems.layoutItem(b)).iterator());
            // WHEN it is asked again at once THEN the store is not read again: still none
            assertEquals(Optional.empty(), reader.layoutOfRun("run-b"));
            // AND a layout lookup by fingerprint is not held back by it
            assertEquals(Optional.of(b), reader.layout("fp"));
            assertEquals(Optional.of(b), reader.layoutOfRun("run-b"));
        }
    }
}
