package dev.replenish.local.featurestore;

import dev.replenish.featurestore.EmbeddedDynamo;
import dev.replenish.featurestore.FeatureStoreItems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
