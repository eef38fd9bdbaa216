package dev.replenish.local.featurestore;

import dev.replenish.featurestore.EmbeddedDynamo;
import dev.replenish.featurestore.FeatureStoreItems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalDynamoDbTest {

    @TempDir
    Path work;

    @Test
    void whatOneRunWritesTheNextStartFindsOnDiskUnderTheWorkDirectory() {
        // GIVEN DynamoDB Local started on the work directory, with one product written
        try (LocalDynamoDb dynamo = LocalDynamoDb.start(work); DynamoDbClient client = dynamo.target().newClient()) {
            dynamo.target().createTablesIfMissing(client);
            client.putItem(b -> b.tableName(LocalDynamoDb.PRODUCT_TABLE)
                    .item(FeatureStoreItems.productItem(42, "Bananas", "fresh fruits", "produce")));
        }
        // WHEN it is started again (a later `serve`)
        try (LocalDynamoDb dynamo = LocalDynamoDb.start(work); DynamoDbClient client = dynamo.target().newClient()) {
            // THEN the item is there, read from the engine inside this JVM (no endpoint, no port)
            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(LocalDynamoDb.PRODUCT_TABLE)
                    .key(Map.of(FeatureStoreItems.PRODUCT_ID, AttributeValue.fromN("42")))).item();
            assertEquals("Bananas", item.get(FeatureStoreItems.PRODUCT_NAME).s());
            assertInstanceOf(EmbeddedDynamo.class, dynamo.target().clients());
        }
        // AND the data lives in the work directory
        assertTrue(work.resolve("dynamodb/shared-local-instance.db").toFile().isFile());
    }

    @Test
    void aClosedClientLeavesTheEngineRunningAndAStoppedEngineIsRefusedByName() {
        LocalDynamoDb dynamo = LocalDynamoDb.start(work);
        try {
            // GIVEN a client opened and closed (each Spark task of the load does this)
            try (DynamoDbClient first = dynamo.target().newClient()) {
                dynamo.target().createTablesIfMissing(first);
            }
            // WHEN another client is opened
            // THEN the engine still answers
            try (DynamoDbClient second = dynamo.target().newClient()) {
                assertTrue(second.listTables().tableNames().contains(LocalDynamoDb.FEATURE_TABLE));
            }
        } finally {
            dynamo.close();
        }
        // AND once the engine is stopped, opening a client says which engine is gone
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> dynamo.target().newClient());
        assertTrue(error.getMessage().contains("shared-local-instance.db"), error.getMessage());
    }

    @Test
    void everyAttributeTypeWrittenInABatchIsReadBackUnchangedAndAnEngineErrorIsTheSdksException() {
        try (LocalDynamoDb dynamo = LocalDynamoDb.start(work); DynamoDbClient client = dynamo.target().newClient()) {
            dynamo.target().createTablesIfMissing(client);
            // GIVEN an item holding every DynamoDB attribute type, nested ones included
            Map<String, AttributeValue> item = Map.ofEntries(
                    Map.entry(FeatureStoreItems.PRODUCT_ID, AttributeValue.fromN("7")),
                    Map.entry("s", AttributeValue.fromS("Organic \u00e9 \"bananas\", 2")),
                    Map.entry("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[]{0, -1, 42, 127, -128}))),
                    Map.entry("ss", AttributeValue.fromSs(List.of("a", "b"))),
                    Map.entry("ns", AttributeValue.fromNs(List.of("1", "2.5"))),
                    Map.entry("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[]{1}), SdkBytes.fromByteArray(new byte[]{2, 3})))),
                    Map.entry("m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromL(List.of(AttributeValue.fromN("3")))))),
                    Map.entry("l", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromBool(false)))),
                    Map.entry("bool", AttributeValue.fromBool(true)),
                    Map.entry("nul", AttributeValue.fromNul(true)));
            // WHEN it is written with BatchWriteItem and read with GetItem and BatchGetItem
            client.batchWriteItem(b -> b.requestItems(Map.of(LocalDynamoDb.PRODUCT_TABLE,
                    List.of(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()))));
            Map<String, AttributeValue> key = Map.of(FeatureStoreItems.PRODUCT_ID, AttributeValue.fromN("7"));
            Map<String, AttributeValue> got = client.getItem(b -> b.tableName(LocalDynamoDb.PRODUCT_TABLE).key(key)).item();
            List<Map<String, AttributeValue>> batch = client.batchGetItem(b -> b.requestItems(Map.of(LocalDynamoDb.PRODUCT_TABLE,
                    KeysAndAttributes.builder().keys(List.of(key, Map.of(FeatureStoreItems.PRODUCT_ID, AttributeValue.fromN("8")))).build())))
                    .responses().get(LocalDynamoDb.PRODUCT_TABLE);
            // THEN both answers are the item as written (the absent key is simply not there)
            assertEquals(item, got);
            assertEquals(List.of(item), batch);
            // AND an unknown key reads as no item
            assertTrue(client.getItem(b -> b.tableName(LocalDynamoDb.PRODUCT_TABLE)
                    .key(Map.of(FeatureStoreItems.PRODUCT_ID, AttributeValue.fromN("9")))).item().isEmpty());
            // AND a call the engine refuses raises the SDK v2 exception DynamoDB's own client raises
            assertThrows(ResourceNotFoundException.class, () -> client.getItem(b -> b.tableName("no-such-table").key(key)));
        }
    }

    @Test
    void aBulkLoadKeepsItsJournalInMemoryOnLargePagesAndAnOrdinaryStartReadsWhatItWrote() {
        Path staging = work.resolve("staging");
        // GIVEN an engine started for a bulk load, with one product written
        try (LocalDynamoDb dynamo = LocalDynamoDb.startForBulkLoad(staging); DynamoDbClient client = dynamo.target().newClient()) {
            dynamo.target().createTablesIfMissing(client);
            client.putItem(b -> b.tableName(LocalDynamoDb.PRODUCT_TABLE)
                    .item(FeatureStoreItems.productItem(42, "Bananas", "fresh fruits", "produce")));
            // THEN its SQLite connection journals in memory, does not sync, holds its file alone, and writes
            // everything in one transaction, which the load commits at its end
            assertEquals("memory", dynamo.database().pragma("journal_mode"));
            assertEquals("0", dynamo.database().pragma("synchronous"));
            assertEquals("exclusive", dynamo.database().pragma("locking_mode"));
            assertTrue(dynamo.database().inTransaction());
            dynamo.commitBulkLoad();
            assertFalse(dynamo.database().inTransaction());
        }
        // WHEN an ordinary engine starts on that file (as serve does on the copy)
        try (LocalDynamoDb dynamo = LocalDynamoDb.startOn(staging); DynamoDbClient client = dynamo.target().newClient()) {
            // THEN the product is there, on 16 KiB pages, and this engine journals to disk again
            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(LocalDynamoDb.PRODUCT_TABLE)
                    .key(Map.of(FeatureStoreItems.PRODUCT_ID, AttributeValue.fromN("42")))).item();
            assertEquals("Bananas", item.get(FeatureStoreItems.PRODUCT_NAME).s());
            assertEquals("16384", dynamo.database().pragma("page_size"));
            assertEquals("delete", dynamo.database().pragma("journal_mode"));
        }
    }

    @Test
    void aBulkLoadClosedBeforeItCommitsLeavesNoneOfItsItems() {
        Path staging = work.resolve("staging");
        // GIVEN an engine started for a bulk load, its tables created and committed
        try (LocalDynamoDb dynamo = LocalDynamoDb.startForBulkLoad(staging); DynamoDbClient client = dynamo.target().newClient()) {
            dynamo.target().createTablesIfMissing(client);
            dynamo.commitBulkLoad();
        }
        // AND a second bulk load that writes 30 products (two BatchWriteItem calls) and reads one back
        try (LocalDynamoDb dynamo = LocalDynamoDb.startForBulkLoad(staging); DynamoDbClient client = dynamo.target().newClient()) {
            new dev.replenish.featurestore.BatchWriter(client, LocalDynamoDb.PRODUCT_TABLE,
                    dev.replenish.featurestore.BatchWriteSettings.defaults()).write(java.util.stream.LongStream.rangeClosed(1, 30)
                    .mapToObj(id -> FeatureStoreItems.productItem(id, "product " + id, "aisle", "department")).iterator());
            assertEquals("product 30", client.getItem(b -> b.tableName(LocalDynamoDb.PRODUCT_TABLE)
                    .key(Map.of(FeatureStoreItems.PRODUCT_ID, AttributeValue.fromN("30")))).item().get(FeatureStoreItems.PRODUCT_NAME).s());
            // WHEN it is closed without committing (a load that failed part way)
        }
        // THEN an ordinary engine on the file finds the tables and none of the products
        try (LocalDynamoDb dynamo = LocalDynamoDb.startOn(staging); DynamoDbClient client = dynamo.target().newClient()) {
            for (long id : new long[]{1, 25, 26, 30}) {
                assertTrue(client.getItem(b -> b.tableName(LocalDynamoDb.PRODUCT_TABLE)
                        .key(Map.of(FeatureStoreItems.PRODUCT_ID, AttributeValue.fromN(Long.toString(id))))).item().isEmpty(),
                        "product " + id);
            }
            assertTrue(client.listTables().tableNames().contains(LocalDynamoDb.FEATURE_TABLE));
        }
    }

    @Test
    void aCommitThatSQLiteRefusesFailsTheLoadInsteadOfPassingForOne() {
        // GIVEN a bulk load that has committed
        try (LocalDynamoDb dynamo = LocalDynamoDb.startForBulkLoad(work.resolve("staging"))) {
            dynamo.commitBulkLoad();
            // WHEN it commits again, with no transaction open
            IllegalStateException error = assertThrows(IllegalStateException.class, dynamo::commitBulkLoad);
            // THEN the error says what could not be done and SQLite's reason
            assertTrue(error.getMessage().startsWith("DynamoDB Local's SQLite could not commit the bulk load: "), error.getMessage());
            assertTrue(error.getMessage().contains("no transaction is active"), error.getMessage());
        }
    }
}
