package dev.replenish.featurestore;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.Serializable;

/**
 * Where the feature store lives and how to reach it. Spark tasks open their own client from this
 * (clients do not serialize).
 *
 * @param featureTable the per-user feature table
 * @param productTable the product catalog table
 * @param clients      the engine holding both tables: DynamoDB over HTTP, or DynamoDB Local in this JVM
 */
public record DynamoTarget(String featureTable, String productTable, DynamoClients clients) implements Serializable {

    /**
     * DynamoDB over HTTP (the Lambda and the Glue job).
     *
     * @param region   the AWS region
     * @param endpoint a DynamoDB-compatible server's URL, or null for the AWS endpoint of the region
     */
    public DynamoTarget(String featureTable, String productTable, String region, String endpoint) {
        this(featureTable, productTable, new SdkDynamoClients(region, endpoint));
    }

    public DynamoDbClient newClient() {
        return clients.open();
    }

    /**
     * Creates both tables, on demand, where they do not exist yet. In AWS the CDK app owns them;
     * the local runtime and the tests create their own in DynamoDB Local.
     */
    public void createTablesIfMissing(DynamoDbClient client) {
        createIfMissing(client, featureTable, FeatureStoreItems.USER_ID);
        createIfMissing(client, productTable, FeatureStoreItems.PRODUCT_ID);
    }

    private static void createIfMissing(DynamoDbClient client, String table, String key) {
        if (client.listTables().tableNames().contains(table)) {
            return;
        }
        client.createTable(CreateTableRequest.builder()
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(key).attributeType(ScalarAttributeType.N).build())
                .keySchema(KeySchemaElement.builder().attributeName(key).keyType(KeyType.HASH).build())
                .build());
        client.waiter().waitUntilTableExists(b -> b.tableName(table));
    }
}
