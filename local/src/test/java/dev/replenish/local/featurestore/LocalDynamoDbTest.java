package dev.replenish.local.featurestore;

import dev.replenish.featurestore.FeatureStoreItems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            // THEN the item is there, served on a loopback port
            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(LocalDynamoDb.PRODUCT_TABLE)
                    .key(Map.of(FeatureStoreItems.PRODUCT_ID, AttributeValue.fromN("42")))).item();
            assertEquals("Bananas", item.get(FeatureStoreItems.PRODUCT_NAME).s());
            assertTrue(dynamo.target().endpoint().startsWith("http://127.0.0.1:"), dynamo.target().endpoint());
        }
        // AND the data lives in the work directory
        assertTrue(work.resolve("dynamodb/shared-local-instance.db").toFile().isFile());
    }
}
