package dev.replenish.featurestore;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.Serializable;
import java.net.URI;

/**
 * Where the feature store lives. Spark tasks build their own client from this (clients do not
 * serialize).
 *
 * @param featureTable the per-user feature table
 * @param productTable the product catalog table
 * @param region       the AWS region
 * @param endpoint     DynamoDB Local's URL, or null for the AWS endpoint of the region
 */
public record DynamoTarget(String featureTable, String productTable, String region, String endpoint) implements Serializable {

    public DynamoDbClient newClient() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region));
        if (endpoint != null) {
            // DynamoDB Local checks that credentials are present, not what they are.
            builder.endpointOverride(URI.create(endpoint))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        }
        return builder.build();
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
